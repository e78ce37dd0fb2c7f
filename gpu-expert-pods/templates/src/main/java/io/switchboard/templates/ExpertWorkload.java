package io.switchboard.templates;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything the templates need to render one expert. The operator maps its {@code ExpertPool}
 * entries into this record, so the templates do not depend on the CR model.
 *
 * @param name expert name (DNS-1035 label), used for the Deployment, Service and PDB
 * @param namespace namespace of the rendered objects
 * @param runtime serving engine
 * @param model Hugging Face model id (or local path) the engine loads; for external APIs the
 *     provider's model name
 * @param image container image; {@code null} = the runtime's default
 * @param gpu GPU requirements
 * @param parallelism tensor/data/expert/pipeline parallelism of one replica
 * @param maxModelLen context length (prompt + output tokens); {@code null} = engine default
 * @param gpuMemoryUtilization fraction of GPU memory the engine may use; {@code null} = engine
 *     default
 * @param quantization engine quantization method (e.g. {@code awq}, {@code fp8}); {@code null} =
 *     none
 * @param maxConcurrency sequences one replica batches before requests queue (vLLM {@code
 *     --max-num-seqs}, SGLang {@code --max-running-requests}, TGI {@code
 *     --max-concurrent-requests}); {@code null} = the engine's default
 * @param extraArgs engine arguments appended verbatim
 * @param replicas desired replicas
 * @param modelCache weight cache volume; {@code null} = emptyDir without a limit
 * @param hfTokenSecret Secret whose key {@code token} is exposed as {@code HF_TOKEN} (gated
 *     models); optional
 * @param labels extra labels on every rendered object and the pods
 * @param simulated what the simulated runtime replays (required for {@link Runtime#SIMULATED})
 * @param external the hosted API (required for {@link Runtime#EXTERNAL})
 */
public record ExpertWorkload(
    String name,
    String namespace,
    Runtime runtime,
    String model,
    String image,
    GpuRequirements gpu,
    Parallelism parallelism,
    Integer maxModelLen,
    Double gpuMemoryUtilization,
    String quantization,
    Integer maxConcurrency,
    List<String> extraArgs,
    int replicas,
    ModelCache modelCache,
    String hfTokenSecret,
    Map<String, String> labels,
    SimulatedSource simulated,
    ExternalApi external) {

  public ExpertWorkload {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(runtime, "runtime");
    Objects.requireNonNull(model, "model");
    gpu = gpu == null ? GpuRequirements.none() : gpu;
    parallelism = parallelism == null ? Parallelism.SINGLE_GPU : parallelism;
    extraArgs = extraArgs == null ? List.of() : List.copyOf(extraArgs);
    labels = labels == null ? Map.of() : Map.copyOf(labels);
  }

  public static Builder builder(String name, String namespace, Runtime runtime, String model) {
    return new Builder(name, namespace, runtime, model);
  }

  /** GPUs per pod: the explicit count, or what the parallelism needs. */
  public int gpuCount() {
    return gpu.count() > 0 ? gpu.count() : parallelism.gpus();
  }

  /**
   * Builder for the many optional parts; unset parts take the defaults documented on the record.
   */
  public static final class Builder {
    private final String name;
    private final String namespace;
    private final Runtime runtime;
    private final String model;
    private String image;
    private GpuRequirements gpu;
    private Parallelism parallelism;
    private Integer maxModelLen;
    private Double gpuMemoryUtilization;
    private String quantization;
    private Integer maxConcurrency;
    private List<String> extraArgs;
    private int replicas = 1;
    private ModelCache modelCache;
    private String hfTokenSecret;
    private Map<String, String> labels;
    private SimulatedSource simulated;
    private ExternalApi external;

    private Builder(String name, String namespace, Runtime runtime, String model) {
      this.name = name;
      this.namespace = namespace;
      this.runtime = runtime;
      this.model = model;
    }

    public Builder image(String image) {
      this.image = image;
      return this;
    }

    public Builder gpu(GpuRequirements gpu) {
      this.gpu = gpu;
      return this;
    }

    public Builder parallelism(Parallelism parallelism) {
      this.parallelism = parallelism;
      return this;
    }

    public Builder maxModelLen(Integer maxModelLen) {
      this.maxModelLen = maxModelLen;
      return this;
    }

    public Builder gpuMemoryUtilization(Double gpuMemoryUtilization) {
      this.gpuMemoryUtilization = gpuMemoryUtilization;
      return this;
    }

    public Builder quantization(String quantization) {
      this.quantization = quantization;
      return this;
    }

    public Builder maxConcurrency(Integer maxConcurrency) {
      this.maxConcurrency = maxConcurrency;
      return this;
    }

    public Builder extraArgs(List<String> extraArgs) {
      this.extraArgs = extraArgs;
      return this;
    }

    public Builder replicas(int replicas) {
      this.replicas = replicas;
      return this;
    }

    public Builder modelCache(ModelCache modelCache) {
      this.modelCache = modelCache;
      return this;
    }

    public Builder hfTokenSecret(String hfTokenSecret) {
      this.hfTokenSecret = hfTokenSecret;
      return this;
    }

    public Builder labels(Map<String, String> labels) {
      this.labels = labels;
      return this;
    }

    public Builder simulated(SimulatedSource simulated) {
      this.simulated = simulated;
      return this;
    }

    public Builder external(ExternalApi external) {
      this.external = external;
      return this;
    }

    public ExpertWorkload build() {
      return new ExpertWorkload(
          name,
          namespace,
          runtime,
          model,
          image,
          gpu,
          parallelism,
          maxModelLen,
          gpuMemoryUtilization,
          quantization,
          maxConcurrency,
          extraArgs,
          replicas,
          modelCache,
          hfTokenSecret,
          labels,
          simulated,
          external);
    }
  }
}
