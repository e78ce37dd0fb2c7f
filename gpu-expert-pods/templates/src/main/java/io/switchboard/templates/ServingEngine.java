package io.switchboard.templates;

import io.fabric8.kubernetes.api.model.EnvVar;
import java.util.List;

/**
 * What differs between serving engines: image, port, health endpoint, command line, and which
 * parallelism they support. Everything else about the pod (GPUs, probes, volumes, draining) is
 * shared and lives in {@link ExpertTemplates}.
 */
public interface ServingEngine {

  String defaultImage();

  /** Port of the OpenAI-compatible API, the health endpoint and {@code /metrics}. */
  int port();

  /** HTTP path that answers 200 once the model is loaded and the engine can serve. */
  String healthPath();

  /** Path of the Prometheus exposition. */
  default String metricsPath() {
    return "/metrics";
  }

  /**
   * Container command (the executable and fixed leading arguments); empty = the image's entrypoint.
   */
  List<String> command(ExpertWorkload workload);

  /**
   * Container arguments derived from the workload, {@link ExpertWorkload#extraArgs()} appended
   * last.
   */
  List<String> args(ExpertWorkload workload);

  /** Engine-specific environment (beyond {@code HF_HOME} and {@code HF_TOKEN}). */
  default List<EnvVar> env(ExpertWorkload workload) {
    return List.of();
  }

  /** Whether the engine can shard experts of a MoE model ({@link Parallelism#expertParallel()}). */
  boolean supportsExpertParallel();

  /**
   * Whether the engine supports data parallelism inside one pod ({@link Parallelism#data()} &gt;
   * 1).
   */
  boolean supportsDataParallel();

  /** Whether pods need GPUs (false for the simulated expert). */
  default boolean usesGpus() {
    return true;
  }

  /**
   * Seconds the startup probe allows for downloading and loading weights before the kubelet
   * restarts the pod.
   */
  default int startupBudgetSeconds() {
    return 1800;
  }

  static ServingEngine of(Runtime runtime) {
    return switch (runtime) {
      case VLLM -> new VllmEngine();
      case SGLANG -> new SglangEngine();
      case TGI -> new TgiEngine();
      case SIMULATED -> new SimulatedEngine();
      case EXTERNAL ->
          throw new IllegalArgumentException("external experts have no serving engine");
    };
  }
}
