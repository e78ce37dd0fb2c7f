package io.switchboard.templates;

import io.fabric8.kubernetes.api.model.TolerationBuilder;
import java.util.List;
import java.util.Map;

/** The workloads rendered into golden files; named after the golden file. */
final class Workloads {

  private Workloads() {}

  static Map<String, ExpertWorkload> all() {
    return Map.of(
        "vllm-llama-8b-l4", vllmDense(),
        "vllm-qwen3-moe-ep8", vllmMoe(),
        "vllm-llama-70b-fp8-tp4", vllmQuantized(),
        "sglang-deepseek-v2-lite-ep8", sglangMoe(),
        "tgi-mixtral-tp8", tgiMixtral(),
        "simulated-gpt4", simulated());
  }

  static ExpertWorkload vllmDense() {
    return ExpertWorkload.builder(
            "llama-8b", "llm", Runtime.VLLM, "meta-llama/Llama-3.1-8B-Instruct")
        .gpu(GpuRequirements.of(1, "NVIDIA-L4"))
        .maxModelLen(8192)
        .gpuMemoryUtilization(0.9)
        .modelCache(ModelCache.emptyDir("40Gi"))
        .hfTokenSecret("hf-token")
        .replicas(2)
        .labels(Map.of("team", "platform"))
        .build();
  }

  /**
   * Qwen3-30B-A3B (128 experts, 8 active) on 8 H100s: DP 8 attention, experts sharded EP 8 (vLLM's
   * DP+EP layout).
   */
  static ExpertWorkload vllmMoe() {
    return ExpertWorkload.builder("qwen3-moe", "llm", Runtime.VLLM, "Qwen/Qwen3-30B-A3B")
        .gpu(GpuRequirements.of(8, "NVIDIA-H100-80GB-HBM3"))
        .parallelism(new Parallelism(1, 8, true, 1))
        .maxModelLen(32768)
        .gpuMemoryUtilization(0.92)
        .modelCache(ModelCache.pvc("hf-cache", true))
        .build();
  }

  static ExpertWorkload vllmQuantized() {
    return ExpertWorkload.builder(
            "llama-70b", "llm", Runtime.VLLM, "meta-llama/Llama-3.1-70B-Instruct")
        .gpu(
            new GpuRequirements(
                4,
                "NVIDIA-H100-80GB-HBM3",
                Map.of("pool", "inference"),
                List.of(
                    new TolerationBuilder()
                        .withKey("dedicated")
                        .withOperator("Equal")
                        .withValue("llm")
                        .withEffect("NoSchedule")
                        .build())))
        .parallelism(Parallelism.tensor(4))
        .quantization("fp8")
        .maxModelLen(16384)
        .modelCache(ModelCache.pvc("hf-cache", false))
        .hfTokenSecret("hf-token")
        .build();
  }

  /** DeepSeek-V2-Lite (64 routed experts) on 8 A100s: TP 8 with the experts sharded EP 8. */
  static ExpertWorkload sglangMoe() {
    return ExpertWorkload.builder(
            "deepseek-v2-lite", "llm", Runtime.SGLANG, "deepseek-ai/DeepSeek-V2-Lite-Chat")
        .gpu(GpuRequirements.of(8, "NVIDIA-A100-SXM4-80GB"))
        .parallelism(new Parallelism(8, 1, true, 1))
        .maxModelLen(32768)
        .gpuMemoryUtilization(0.85)
        .extraArgs(List.of("--trust-remote-code"))
        .modelCache(ModelCache.pvc("hf-cache", true))
        .build();
  }

  /** TGI has no expert parallelism: Mixtral-8x7B is tensor-sharded over 8 GPUs. */
  static ExpertWorkload tgiMixtral() {
    return ExpertWorkload.builder(
            "mixtral", "llm", Runtime.TGI, "mistralai/Mixtral-8x7B-Instruct-v0.1")
        .gpu(GpuRequirements.of(8, "NVIDIA-A100-SXM4-80GB"))
        .parallelism(Parallelism.tensor(8))
        .maxModelLen(32768)
        .modelCache(ModelCache.emptyDir("200Gi"))
        .build();
  }

  static ExpertWorkload simulated() {
    return ExpertWorkload.builder("sim-gpt4", "llm", Runtime.SIMULATED, "gpt-4-1106-preview")
        .simulated(
            new SimulatedSource(
                "routerbench_subset", "gpt-4-1106-preview", "H100", "switchboard-data"))
        .replicas(3)
        .build();
  }
}
