package io.switchboard.templates;

import java.util.List;

/**
 * SGLang ({@code python3 -m sglang.launch_server}). Port 30000, {@code GET /health}; {@code
 * /metrics} only with {@code --enable-metrics}, which is always set. Expert parallelism is {@code
 * --ep-size} (the older {@code --enable-ep-moe} flag is deprecated); the EP group spans all TP × DP
 * ranks, as in SGLang's server-arguments reference ({@code --tp-size}, {@code --dp-size}, {@code
 * --ep-size}, {@code --pp-size}).
 */
final class SglangEngine implements ServingEngine {

  @Override
  public String defaultImage() {
    return "lmsysorg/sglang:v0.5.3-cu129";
  }

  @Override
  public int port() {
    return 30000;
  }

  @Override
  public String healthPath() {
    return "/health";
  }

  @Override
  public List<String> command(ExpertWorkload workload) {
    return List.of("python3", "-m", "sglang.launch_server");
  }

  @Override
  public List<String> args(ExpertWorkload workload) {
    Parallelism p = workload.parallelism();
    return new EngineArgs()
        .option("--model-path", workload.model())
        .option("--host", "0.0.0.0")
        .option("--port", port())
        .size("--tp-size", p.tensor())
        .size("--pp-size", p.pipeline())
        .size("--dp-size", p.data())
        .size("--ep-size", p.expertParallelSize())
        .option("--context-length", workload.maxModelLen())
        .option("--mem-fraction-static", workload.gpuMemoryUtilization())
        .option("--quantization", workload.quantization())
        .flag("--enable-metrics", true)
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
