package io.switchboard.templates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ExpertTemplatesTest {

  private final ExpertTemplates templates = new ExpertTemplates();

  private static Container engine(RenderedExpert expert) {
    Deployment deployment = ((RenderedExpert.SelfHosted) expert).deployment();
    return deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
  }

  @Test
  void vllmMoeUsesDataAndExpertParallelismAndRequestsAllGpus() {
    RenderedExpert expert = templates.render(Workloads.vllmMoe());
    Container engine = engine(expert);
    assertThat(engine.getCommand()).containsExactly("vllm", "serve", "Qwen/Qwen3-30B-A3B");
    assertThat(String.join(" ", engine.getArgs()))
        .contains("--data-parallel-size 8", "--enable-expert-parallel", "--max-model-len 32768")
        .doesNotContain("--tensor-parallel-size");
    assertThat(engine.getResources().getRequests())
        .containsEntry("nvidia.com/gpu", new Quantity("8"));
    // GPUs are requested and limited; host CPU and memory are derived from them, requests only.
    assertThat(engine.getResources().getLimits())
        .containsOnlyKeys("nvidia.com/gpu")
        .containsEntry("nvidia.com/gpu", new Quantity("8"));
    assertThat(engine.getResources().getRequests())
        .containsEntry("cpu", new Quantity("32"))
        .containsEntry("memory", new Quantity("144Gi"));
    assertThat(expert.baseUrl()).isEqualTo("http://qwen3-moe.llm.svc:8000/v1");
    Deployment deployment = ((RenderedExpert.SelfHosted) expert).deployment();
    assertThat(deployment.getSpec().getTemplate().getSpec().getInitContainers())
        .singleElement()
        .satisfies(init -> assertThat(init.getName()).isEqualTo("preload-weights"));
  }

  @Test
  void sglangMoeSetsExpertParallelSizeToAllRanks() {
    Container engine = engine(templates.render(Workloads.sglangMoe()));
    assertThat(String.join(" ", engine.getArgs()))
        .contains(
            "--tp-size 8",
            "--ep-size 8",
            "--enable-metrics",
            "--port 30000",
            "--trust-remote-code");
    assertThat(engine.getStartupProbe().getHttpGet().getPath()).isEqualTo("/health");
  }

  @Test
  void sglangDataParallelMoeUsesDpAttentionOverEveryGpu() {
    ExpertWorkload w =
        ExpertWorkload.builder("dsv3", "llm", Runtime.SGLANG, "deepseek-ai/DeepSeek-V3")
            .gpu(GpuRequirements.of(8, null))
            .parallelism(new Parallelism(1, 8, true, 1))
            .build();
    assertThat(String.join(" ", engine(templates.render(w)).getArgs()))
        .contains("--tp-size 8", "--dp-size 8", "--enable-dp-attention", "--ep-size 8");

    ExpertWorkload dense =
        ExpertWorkload.builder("llama", "llm", Runtime.SGLANG, "meta-llama/Llama-3.1-8B-Instruct")
            .gpu(GpuRequirements.of(4, null))
            .parallelism(new Parallelism(2, 2, false, 1))
            .build();
    assertThat(String.join(" ", engine(templates.render(dense)).getArgs()))
        .contains("--tp-size 2", "--dp-size 2")
        .doesNotContain("--enable-dp-attention", "--ep-size");
  }

  @Test
  void maxConcurrencyIsEachEnginesOwnFlag() {
    assertThat(flagsWithConcurrency(Runtime.VLLM)).contains("--max-num-seqs 48");
    assertThat(flagsWithConcurrency(Runtime.SGLANG)).contains("--max-running-requests 48");
    assertThat(flagsWithConcurrency(Runtime.TGI)).contains("--max-concurrent-requests 48");
    assertThat(String.join(" ", engine(templates.render(Workloads.vllmMoe())).getArgs()))
        .doesNotContain("--max-num-seqs");
  }

  private String flagsWithConcurrency(Runtime runtime) {
    ExpertWorkload w =
        ExpertWorkload.builder("e", "llm", runtime, "m")
            .gpu(GpuRequirements.of(1, null))
            .maxConcurrency(48)
            .build();
    return String.join(" ", engine(templates.render(w)).getArgs());
  }

  @Test
  void sharedMemoryHasASizeLimitAndThePreloadFetchesOnlyWhatEnginesLoad() {
    Deployment deployment =
        ((RenderedExpert.SelfHosted) templates.render(Workloads.vllmMoe())).deployment();
    var pod = deployment.getSpec().getTemplate().getSpec();
    assertThat(pod.getVolumes())
        .filteredOn(v -> v.getName().equals("dshm"))
        .singleElement()
        .satisfies(v -> assertThat(v.getEmptyDir().getSizeLimit()).isEqualTo(new Quantity("16Gi")));
    var preload = pod.getInitContainers().get(0);
    assertThat(String.join(" ", preload.getCommand())).contains("allow_patterns");
    assertThat(preload.getEnv())
        .filteredOn(e -> e.getName().equals("PRELOAD_PATTERNS"))
        .singleElement()
        .satisfies(
            e ->
                assertThat(e.getValue().split(","))
                    .contains("*.safetensors", "*.json", "tokenizer*")
                    .doesNotContain("*.bin", "*.pth", "*"));
  }

  @Test
  void tgiShardsAndDerivesInputLimit() {
    Container engine = engine(templates.render(Workloads.tgiMixtral()));
    assertThat(String.join(" ", engine.getArgs()))
        .contains(
            "--num-shard 8", "--max-input-tokens 32767", "--max-total-tokens 32768", "--port 80");
  }

  @Test
  void simulatedNeedsNoGpuAndMountsTheData() {
    RenderedExpert.SelfHosted expert =
        (RenderedExpert.SelfHosted) templates.render(Workloads.simulated());
    Container engine = engine(expert);
    assertThat(engine.getResources()).isNull();
    assertThat(expert.deployment().getSpec().getTemplate().getSpec().getTolerations()).isEmpty();
    assertThat(engine.getEnv())
        .anySatisfy(
            env -> {
              assertThat(env.getName()).isEqualTo("SIM_DATASET");
              assertThat(env.getValue()).isEqualTo("routerbench_subset");
            });
  }

  @Test
  void simulatedSignalQualityAndPoolModelsReachTheExpertsEnv() {
    ExpertWorkload workload =
        ExpertWorkload.builder("sim-small", "llm", Runtime.SIMULATED, "mistral-7b")
            .simulated(
                new SimulatedSource(
                    "routerbench_subset",
                    "mistralai/mistral-7b-chat",
                    "L4",
                    "switchboard-data",
                    null,
                    null,
                    null,
                    0.7,
                    0.9,
                    0.6,
                    Map.of("small", "mistralai/mistral-7b-chat", "big", "gpt-4-1106-preview")))
            .build();
    Map<String, String> env =
        engine(templates.render(workload)).getEnv().stream()
            .collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
    assertThat(env)
        .containsEntry("SIM_CONFIDENCE_AUROC", "0.7")
        .containsEntry("SIM_JUDGE_AGREEMENT", "0.9")
        .containsEntry("SIM_ROUTER_ACCURACY", "0.6")
        .containsEntry("SIM_POOL_MODELS", "big=gpt-4-1106-preview,small=mistralai/mistral-7b-chat");
    // Unset values leave the simulator's defaults (and the golden env) alone.
    assertThat(engine(templates.render(Workloads.simulated())).getEnv())
        .extracting(EnvVar::getName)
        .doesNotContain(
            "SIM_CONFIDENCE_AUROC",
            "SIM_JUDGE_AGREEMENT",
            "SIM_ROUTER_ACCURACY",
            "SIM_POOL_MODELS");
  }

  /** Data parallelism of a simulated expert runs that many engines in its one process. */
  @Test
  void simulatedDataParallelismReachesTheExpertsEnv() {
    ExpertWorkload base = Workloads.simulated();
    ExpertWorkload dataParallel =
        ExpertWorkload.builder(base.name(), base.namespace(), Runtime.SIMULATED, base.model())
            .simulated(base.simulated())
            .parallelism(new Parallelism(1, 3, false, 1))
            .build();
    assertThat(engine(templates.render(dataParallel)).getEnv())
        .anySatisfy(
            e -> {
              assertThat(e.getName()).isEqualTo("SIM_DATA_PARALLEL_SIZE");
              assertThat(e.getValue()).isEqualTo("3");
            });
    assertThat(engine(templates.render(base)).getEnv())
        .extracting(EnvVar::getName)
        .doesNotContain("SIM_DATA_PARALLEL_SIZE");
  }

  @Test
  void externalExpertHasNoObjects() {
    ExpertWorkload workload =
        ExpertWorkload.builder("gpt4", "llm", Runtime.EXTERNAL, "gpt-4o")
            .external(new ExternalApi("https://api.openai.com/v1", "openai", "api-key"))
            .build();
    RenderedExpert expert = templates.render(workload);
    assertThat(expert).isInstanceOf(RenderedExpert.External.class);
    assertThat(expert.objects()).isEmpty();
    assertThat(expert.baseUrl()).isEqualTo("https://api.openai.com/v1");
    assertThat(((RenderedExpert.External) expert).apiKey().getName()).isEqualTo("openai");

    ExpertWorkload noAuth =
        ExpertWorkload.builder("local", "llm", Runtime.EXTERNAL, "m")
            .external(new ExternalApi("http://10.0.0.5:8000/v1", null, null))
            .build();
    assertThat(((RenderedExpert.External) templates.render(noAuth)).apiKey()).isNull();
    ExpertWorkload halfSecret =
        ExpertWorkload.builder("half", "llm", Runtime.EXTERNAL, "m")
            .external(new ExternalApi("http://x/v1", "secret", null))
            .build();
    assertThatThrownBy(() -> templates.render(halfSecret))
        .hasMessageContaining("both a Secret name and a key");
  }

  @Test
  void reportsEveryProblemAtOnce() {
    ExpertWorkload workload =
        ExpertWorkload.builder("Bad_Name", "llm", Runtime.TGI, "m")
            .gpu(GpuRequirements.of(4, null))
            .parallelism(new Parallelism(2, 2, true, 1))
            .gpuMemoryUtilization(1.5)
            .build();
    assertThatThrownBy(() -> templates.render(workload))
        .isInstanceOfSatisfying(
            InvalidWorkloadException.class, e -> assertThat(e.problems()).hasSize(4))
        .hasMessageContaining("DNS-1035")
        .hasMessageContaining("does not support expert parallelism")
        .hasMessageContaining("does not support data parallelism")
        .hasMessageContaining("gpuMemoryUtilization");
  }

  @Test
  void gpuCountMustMatchParallelism() {
    ExpertWorkload workload =
        ExpertWorkload.builder("x", "llm", Runtime.VLLM, "m")
            .gpu(GpuRequirements.of(4, null))
            .parallelism(Parallelism.tensor(8))
            .build();
    assertThatThrownBy(() -> templates.render(workload)).hasMessageContaining("does not match");
  }

  @Test
  void simulatedAndExternalNeedTheirSource() {
    assertThatThrownBy(
            () ->
                templates.render(
                    ExpertWorkload.builder("s", "llm", Runtime.SIMULATED, "m").build()))
        .hasMessageContaining("simulated.dataset");
    assertThatThrownBy(
            () ->
                templates.render(ExpertWorkload.builder("e", "llm", Runtime.EXTERNAL, "m").build()))
        .hasMessageContaining("external.url");
  }
}
