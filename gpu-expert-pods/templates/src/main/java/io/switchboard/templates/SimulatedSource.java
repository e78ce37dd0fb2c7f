package io.switchboard.templates;

/**
 * What a simulated expert replays.
 *
 * @param dataset       recorded dataset name, e.g. {@code routerbench_subset}
 * @param recordedModel model name as the dataset spells it, e.g. {@code gpt-4-1106-preview}
 * @param gpuType       GPU the latency model imitates, e.g. {@code H100}
 * @param dataPvc       PersistentVolumeClaim holding the shared data files, mounted read-only at {@code /data}
 */
public record SimulatedSource(String dataset, String recordedModel, String gpuType, String dataPvc) {
}
