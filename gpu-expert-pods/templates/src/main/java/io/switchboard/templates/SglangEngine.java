package io.switchboard.templates;

import java.util.List;

/**
 * SGLang ({@code python3 -m sglang.launch_server}). Port 30000, {@code GET /health}; {@code
 * /metrics} only with {@code --enable-metrics}, which is always set. Parallelism as SGLang's server
 * arguments and its "DP, DPA" guide describe them (SGLang 0.5):
 *
 * <ul>
 *   <li>data parallelism of a dense model is plain DP: {@code --dp-size D} replicas of {@code
 *       --tp-size T} each;
 *   <li>data parallelism of a MoE model with expert parallelism is DP attention: {@code --tp-size}
 *       is then every GPU of the replica (T × D), {@code --dp-size D} splits the attention layers,
 *       {@code --enable-dp-attention} turns it on, and {@code --ep-size} shards the experts over
 *       all T × D GPUs (as DeepSeek's own launch command, {@code --tp 8 --dp 8
 *       --enable-dp-attention});
 *   <li>expert parallelism alone is {@code --ep-size T} ({@code --enable-ep-moe} is deprecated).
 * </ul>
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
    boolean dpAttention = p.expertParallel() && p.data() > 1;
    return new EngineArgs()
        .option("--model-path", workload.model())
        .option("--host", "0.0.0.0")
        .option("--port", port())
        .size("--tp-size", dpAttention ? p.tensor() * p.data() : p.tensor())
        .size("--pp-size", p.pipeline())
        .size("--dp-size", p.data())
        .flag("--enable-dp-attention", dpAttention)
        .size("--ep-size", p.expertParallelSize())
        .option("--context-length", workload.maxModelLen())
        .option("--mem-fraction-static", workload.gpuMemoryUtilization())
        .option("--quantization", workload.quantization())
        .option("--max-running-requests", workload.maxConcurrency())
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
