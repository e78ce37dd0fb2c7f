package io.switchboard.templates;

/**
 * What a simulated expert replays, and how its latency model is sized.
 *
 * @param dataset recorded dataset name, e.g. {@code routerbench_subset}
 * @param recordedModel model name as the dataset spells it, e.g. {@code gpt-4-1106-preview}
 * @param gpuType GPU the latency model imitates, e.g. {@code H100}
 * @param dataPvc PersistentVolumeClaim holding the shared data files, mounted read-only at {@code
 *     /data}
 * @param paramsBillions model size for the latency model; {@code null} = guessed from the model
 *     name
 * @param timeScale wall-clock seconds per simulated second; {@code null} = real time
 * @param maxConcurrency sequences batched together before requests queue; {@code null} = the
 *     simulator's default
 */
public record SimulatedSource(
    String dataset,
    String recordedModel,
    String gpuType,
    String dataPvc,
    Double paramsBillions,
    Double timeScale,
    Integer maxConcurrency) {

  /** A source sized from the model name at real-time speed. */
  public SimulatedSource(String dataset, String recordedModel, String gpuType, String dataPvc) {
    this(dataset, recordedModel, gpuType, dataPvc, null, null, null);
  }
}
