package io.switchboard.templates;

import java.util.Map;
import java.util.TreeMap;

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
 * @param confidenceAuroc AUROC of the simulated logprob confidence; {@code null} = the simulator's
 *     default
 * @param judgeAgreement probability the simulated judge's verdict agrees with the recorded grade;
 *     {@code null} = the simulator's default
 * @param routerAccuracy probability the expert, as the llm mode's router, names the recorded
 *     best-value expert; {@code null} = the simulator's default
 * @param poolModels expert name to recorded model of the pool's simulated experts on the same
 *     dataset, so that the expert, as a router, knows which recorded outcomes a candidate's name
 *     stands for; empty = none
 */
public record SimulatedSource(
    String dataset,
    String recordedModel,
    String gpuType,
    String dataPvc,
    Double paramsBillions,
    Double timeScale,
    Integer maxConcurrency,
    Double confidenceAuroc,
    Double judgeAgreement,
    Double routerAccuracy,
    Map<String, String> poolModels) {

  public SimulatedSource {
    poolModels = poolModels == null ? Map.of() : Map.copyOf(poolModels);
  }

  /**
   * A source sized from the model name at real-time speed, with the simulator's signal defaults.
   */
  public SimulatedSource(String dataset, String recordedModel, String gpuType, String dataPvc) {
    this(dataset, recordedModel, gpuType, dataPvc, null, null, null, null, null, null, null);
  }

  /**
   * {@link #poolModels} as {@code name=model,...}, sorted by name (stable, so no spurious rollout).
   */
  public String poolModelsValue() {
    StringBuilder value = new StringBuilder();
    new TreeMap<>(poolModels)
        .forEach(
            (name, model) ->
                value
                    .append(value.length() == 0 ? "" : ",")
                    .append(name)
                    .append('=')
                    .append(model));
    return value.toString();
  }
}
