package io.switchboard.templates;

import java.util.List;

/**
 * Hugging Face Text Generation Inference ({@code text-generation-launcher}). Port 80 (the image's
 * default), {@code GET /health}, {@code GET /metrics}. TGI shards a model with {@code --num-shard}
 * (tensor parallelism); it has no expert- or data-parallel option, so those are refused at
 * validation. {@code --max-total-tokens} is the context length and {@code --max-input-tokens} is
 * one less (TGI's own default relation), {@code --cuda-memory-fraction} the memory share.
 */
final class TgiEngine implements ServingEngine {

  @Override
  public String defaultImage() {
    return "ghcr.io/huggingface/text-generation-inference:3.3.5";
  }

  @Override
  public int port() {
    return 80;
  }

  @Override
  public String healthPath() {
    return "/health";
  }

  @Override
  public List<String> command(ExpertWorkload workload) {
    return List.of("text-generation-launcher");
  }

  @Override
  public List<String> args(ExpertWorkload workload) {
    Integer maxTotal = workload.maxModelLen();
    return new EngineArgs()
        .option("--model-id", workload.model())
        .option("--hostname", "0.0.0.0")
        .option("--port", port())
        .size("--num-shard", workload.parallelism().tensor())
        .option("--max-input-tokens", maxTotal == null ? null : maxTotal - 1)
        .option("--max-total-tokens", maxTotal)
        .option("--cuda-memory-fraction", workload.gpuMemoryUtilization())
        .option("--quantize", workload.quantization())
        .option("--max-concurrent-requests", workload.maxConcurrency())
        .build(workload);
  }

  @Override
  public boolean supportsExpertParallel() {
    return false;
  }

  @Override
  public boolean supportsDataParallel() {
    return false;
  }
}
