package io.switchboard.templates;

import io.fabric8.kubernetes.api.model.EnvVar;
import java.util.ArrayList;
import java.util.List;

/**
 * Switchboard's simulated expert (a labelled test double built from {@code
 * gpu-expert-pods/simulated}). It serves the OpenAI API, {@code /health} and vLLM-named {@code
 * /metrics} on port 8000 like vLLM, needs no GPU, and reads the recorded dataset from {@value
 * #DATA_PATH}.
 */
final class SimulatedEngine implements ServingEngine {

  static final String DATA_PATH = "/data";

  @Override
  public String defaultImage() {
    return "switchboard/simulated-expert:0.1.0";
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
    return List.of();
  }

  @Override
  public List<String> args(ExpertWorkload workload) {
    return workload.extraArgs();
  }

  @Override
  public List<EnvVar> env(ExpertWorkload workload) {
    SimulatedSource source = workload.simulated();
    List<EnvVar> env = new ArrayList<>();
    env.add(new EnvVar("SWITCHBOARD_DATA_DIR", DATA_PATH, null));
    env.add(new EnvVar("SIM_DATASET", source.dataset(), null));
    env.add(new EnvVar("SIM_MODEL", source.recordedModel(), null));
    env.add(new EnvVar("SIM_SERVED_MODEL_NAME", workload.model(), null));
    if (source.gpuType() != null) {
      env.add(new EnvVar("SIM_GPU_TYPE", source.gpuType(), null));
    }
    if (source.paramsBillions() != null) {
      env.add(new EnvVar("SIM_PARAMS_BILLIONS", String.valueOf(source.paramsBillions()), null));
    }
    if (source.timeScale() != null) {
      env.add(new EnvVar("SIM_TIME_SCALE", String.valueOf(source.timeScale()), null));
    }
    if (source.maxConcurrency() != null) {
      env.add(new EnvVar("SIM_MAX_CONCURRENCY", String.valueOf(source.maxConcurrency()), null));
    }
    if (workload.parallelism().data() > 1) {
      // As vllm serve --data-parallel-size: that many engines, each batching maxConcurrency.
      env.add(
          new EnvVar(
              "SIM_DATA_PARALLEL_SIZE", String.valueOf(workload.parallelism().data()), null));
    }
    if (source.confidenceAuroc() != null) {
      env.add(new EnvVar("SIM_CONFIDENCE_AUROC", String.valueOf(source.confidenceAuroc()), null));
    }
    if (source.judgeAgreement() != null) {
      env.add(new EnvVar("SIM_JUDGE_AGREEMENT", String.valueOf(source.judgeAgreement()), null));
    }
    if (source.routerAccuracy() != null) {
      env.add(new EnvVar("SIM_ROUTER_ACCURACY", String.valueOf(source.routerAccuracy()), null));
    }
    if (!source.poolModels().isEmpty()) {
      env.add(new EnvVar("SIM_POOL_MODELS", source.poolModelsValue(), null));
    }
    env.add(new EnvVar("QUARKUS_HTTP_HOST", "0.0.0.0", null));
    env.add(new EnvVar("QUARKUS_HTTP_PORT", String.valueOf(port()), null));
    return env;
  }

  @Override
  public boolean supportsExpertParallel() {
    return false;
  }

  /** Simulated as vLLM's engines inside one pod, each with its own queue and metric series. */
  @Override
  public boolean supportsDataParallel() {
    return true;
  }

  @Override
  public boolean usesGpus() {
    return false;
  }

  @Override
  public int startupBudgetSeconds() {
    return 120;
  }
}
