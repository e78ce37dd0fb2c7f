package io.switchboard.templates;

import io.fabric8.kubernetes.api.model.Toleration;
import java.util.List;
import java.util.Map;

/**
 * GPUs an expert pod needs.
 *
 * @param count {@code nvidia.com/gpu} per pod (requests = limits); 0 = derive from the parallelism
 * @param product value of the NVIDIA GPU feature discovery label {@code nvidia.com/gpu.product},
 *     e.g. {@code NVIDIA-A100-SXM4-80GB}; {@code null} = any GPU
 * @param nodeSelector extra node labels the pod requires
 * @param tolerations extra tolerations (the {@code nvidia.com/gpu:NoSchedule} one is always added)
 */
public record GpuRequirements(
    int count, String product, Map<String, String> nodeSelector, List<Toleration> tolerations) {

  public GpuRequirements {
    if (count < 0) {
      throw new IllegalArgumentException("gpu count must not be negative: " + count);
    }
    nodeSelector = nodeSelector == null ? Map.of() : Map.copyOf(nodeSelector);
    tolerations = tolerations == null ? List.of() : List.copyOf(tolerations);
  }

  public static GpuRequirements of(int count, String product) {
    return new GpuRequirements(count, product, Map.of(), List.of());
  }

  public static GpuRequirements none() {
    return new GpuRequirements(0, null, Map.of(), List.of());
  }
}
