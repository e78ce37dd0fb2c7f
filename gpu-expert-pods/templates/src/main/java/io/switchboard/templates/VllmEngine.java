package io.switchboard.templates;

import java.util.List;

/**
 * vLLM's OpenAI-compatible server ({@code vllm serve}). Port 8000, {@code GET /health}, {@code GET
 * /metrics}. Expert parallelism is {@code --enable-expert-parallel}: the EP size is derived by vLLM
 * as TP × DP (docs.vllm.ai, "Expert Parallel Deployment").
 */
final class VllmEngine implements ServingEngine {

  @Override
  public String defaultImage() {
    return "vllm/vllm-openai:v0.11.0";
  }

  @Override
  public int port() {
    return 8000;
  }

  @Override
  public String healthPath() {
    return "/health";
  }

  @Override
  public List<String> command(ExpertWorkload workload) {
    return List.of("vllm", "serve", workload.model());
  }

  @Override
  public List<String> args(ExpertWorkload workload) {
    Parallelism p = workload.parallelism();
    return new EngineArgs()
        .option("--host", "0.0.0.0")
        .option("--port", port())
        .size("--tensor-parallel-size", p.tensor())
        .size("--pipeline-parallel-size", p.pipeline())
        .size("--data-parallel-size", p.data())
        .flag("--enable-expert-parallel", p.expertParallel())
        .option("--max-model-len", workload.maxModelLen())
        .option("--gpu-memory-utilization", workload.gpuMemoryUtilization())
        .option("--quantization", workload.quantization())
        .option("--max-num-seqs", workload.maxConcurrency())
        .build(workload);
  }

  @Override
  public boolean supportsExpertParallel() {
    return true;
  }

  @Override
  public boolean supportsDataParallel() {
    return true;
  }
}
