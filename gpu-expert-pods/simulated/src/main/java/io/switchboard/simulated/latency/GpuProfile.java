package io.switchboard.simulated.latency;

import java.util.Locale;
import java.util.Map;

/**
 * Published data-sheet figures of a GPU: HBM bandwidth bounds decoding (every step reads all active
 * weights), dense BF16 tensor throughput bounds prefill.
 *
 * @param name short name, e.g. {@code H100}
 * @param memoryGb memory per GPU
 * @param bandwidthTbPerS memory bandwidth in TB/s
 * @param bf16Tflops dense BF16 tensor-core TFLOPS (without sparsity)
 */
public record GpuProfile(String name, double memoryGb, double bandwidthTbPerS, double bf16Tflops) {

  /** NVIDIA data sheets: H100 SXM5, A100 SXM4 80GB, L40S, L4, A10. */
  private static final Map<String, GpuProfile> KNOWN =
      Map.of(
          "H100", new GpuProfile("H100", 80, 3.35, 989),
          "A100", new GpuProfile("A100", 80, 2.039, 312),
          "L40S", new GpuProfile("L40S", 48, 0.864, 362),
          "L4", new GpuProfile("L4", 24, 0.300, 121),
          "A10", new GpuProfile("A10", 24, 0.600, 125));

  /**
   * Resolves a short name or a GPU feature discovery product label ({@code NVIDIA-A100-SXM4-80GB} →
   * A100).
   *
   * @throws IllegalArgumentException for an unknown GPU, naming the known ones
   */
  public static GpuProfile named(String gpu) {
    String upper = gpu.toUpperCase(Locale.ROOT);
    GpuProfile exact = KNOWN.get(upper);
    if (exact != null) {
      return exact;
    }
    // Longest short name contained in the label wins (L40S before L4).
    return KNOWN.values().stream()
        .filter(p -> upper.contains(p.name()))
        .max((a, b) -> Integer.compare(a.name().length(), b.name().length()))
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "unknown GPU '" + gpu + "'; known: " + KNOWN.keySet()));
  }
}
