package io.switchboard.simulated.latency;

/**
 * Roofline latency model of one engine replica serving one model with continuous batching.
 *
 * <ul>
 *   <li>Time per output token (decode) is memory-bound: each step streams the active weights (BF16,
 *       2 bytes per parameter) from HBM, split over the tensor-parallel GPUs, at {@value
 *       #DECODE_BANDWIDTH_EFFICIENCY} of peak bandwidth, plus {@value #STEP_OVERHEAD_MS} ms of
 *       per-step overhead (scheduling, sampling, kernel launches). Each extra running sequence adds
 *       {@value #BATCH_SLOWDOWN_PER_SEQUENCE} of that time (KV-cache reads and larger GEMMs), so
 *       per-token time grows mildly with batch size.
 *   <li>Time to first token (prefill) is compute-bound: 2 FLOPs per active parameter per prompt
 *       token at {@value #PREFILL_MFU} model FLOPs utilisation, plus {@value #REQUEST_OVERHEAD_MS}
 *       ms request overhead (tokenisation, scheduling, HTTP); it grows with the running batch the
 *       same way as decode.
 * </ul>
 *
 * <p>Calibration (batch 1): Llama-3-8B on one H100 gives 16 GB / (3.35 TB/s × 0.7) + 1 ms ≈ 7.8 ms
 * per token and ≈ 35 ms TTFT for a 500-token prompt, in line with vLLM's and NVIDIA's published
 * single-request figures for 8B models on H100 (about 7–9 ms TPOT, 20–40 ms TTFT); Llama-2-70B on 4
 * × A100 gives ≈ 25 ms per token, close to the 25–35 ms reported for TP4 A100 deployments;
 * Mixtral-8x7B decodes at its 12.9B active parameters. Between batch 1 and 64 the per-token time
 * grows ≈ 1.6×, the order of growth visible in vLLM's throughput-latency curves. These are model
 * estimates, not measurements of this code: they make simulated experts differ realistically by
 * size and GPU, nothing more.
 */
public final class LatencyModel {

  static final double DECODE_BANDWIDTH_EFFICIENCY = 0.7;
  static final double PREFILL_MFU = 0.4;
  static final double STEP_OVERHEAD_MS = 1.0;
  static final double REQUEST_OVERHEAD_MS = 15.0;
  static final double BATCH_SLOWDOWN_PER_SEQUENCE = 0.01;
  private static final double BYTES_PER_PARAM = 2.0;

  /** Weights may use at most this share of GPU memory; the rest is KV cache and activations. */
  private static final double WEIGHT_MEMORY_SHARE = 0.75;

  private final ModelProfile model;
  private final GpuProfile gpu;
  private final int gpus;

  public LatencyModel(ModelProfile model, GpuProfile gpu, int gpus) {
    if (gpus < 1) {
      throw new IllegalArgumentException("gpus must be >= 1, got " + gpus);
    }
    this.model = model;
    this.gpu = gpu;
    this.gpus = gpus;
  }

  /**
   * The smallest power-of-two GPU count whose memory holds the weights (what a TP deployment would
   * use).
   */
  public static int gpusToFit(ModelProfile model, GpuProfile gpu) {
    double weightsGb = model.totalParamsBillions() * BYTES_PER_PARAM;
    int gpus = 1;
    while (gpus < 8 && weightsGb > gpus * gpu.memoryGb() * WEIGHT_MEMORY_SHARE) {
      gpus *= 2;
    }
    return gpus;
  }

  public int gpus() {
    return gpus;
  }

  public GpuProfile gpu() {
    return gpu;
  }

  public ModelProfile model() {
    return model;
  }

  /** Seconds per output token with {@code batchSize} sequences decoding together. */
  public double timePerOutputTokenSeconds(int batchSize) {
    double bytes = model.activeParamsBillions() * 1e9 * BYTES_PER_PARAM;
    double seconds =
        bytes / (gpus * gpu.bandwidthTbPerS() * 1e12 * DECODE_BANDWIDTH_EFFICIENCY)
            + STEP_OVERHEAD_MS / 1000;
    return seconds * batchFactor(batchSize);
  }

  /** Seconds from admission to the first token for a prompt of {@code promptTokens}. */
  public double timeToFirstTokenSeconds(int promptTokens, int batchSize) {
    double flops = 2 * model.activeParamsBillions() * 1e9 * Math.max(1, promptTokens);
    double seconds =
        flops / (gpus * gpu.bf16Tflops() * 1e12 * PREFILL_MFU) + REQUEST_OVERHEAD_MS / 1000;
    return seconds * batchFactor(batchSize);
  }

  private static double batchFactor(int batchSize) {
    return 1 + BATCH_SLOWDOWN_PER_SEQUENCE * Math.max(0, batchSize - 1);
  }
}
