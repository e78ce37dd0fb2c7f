package io.switchboard.operator.expertpool;

import io.switchboard.api.v1alpha1.expertpool.Expert;
import io.switchboard.api.v1alpha1.expertpool.ExpertPool;
import io.switchboard.api.v1alpha1.expertpool.ExpertRuntime;
import io.switchboard.operator.support.KubeNames;
import io.switchboard.templates.ExpertTemplates;
import io.switchboard.templates.ExpertWorkload;
import io.switchboard.templates.ExternalApi;
import io.switchboard.templates.GpuRequirements;
import io.switchboard.templates.ModelCache;
import io.switchboard.templates.Parallelism;
import io.switchboard.templates.RenderedExpert;
import io.switchboard.templates.Runtime;
import io.switchboard.templates.SimulatedSource;
import java.util.Map;
import java.util.TreeMap;

/**
 * Maps an {@code ExpertPool} entry onto the runtime templates' input and renders it. The one place
 * that knows both the CR model and the templates, so the router config's endpoints and the Services
 * the operator creates come from the same rendering.
 */
public final class ExpertWorkloads {

  public static final String POOL_LABEL = "switchboard.io/pool";

  private final ExpertTemplates templates = new ExpertTemplates();

  /**
   * @param replicas the Deployment's replicas, kept within the expert's range; null leaves {@code
   *     spec.replicas} out of the rendered Deployment, so applying it neither sets nor (with
   *     server-side apply) owns the field: the SLO autoscaler sets it through the scale subresource
   */
  public RenderedExpert render(ExpertPool pool, Expert expert, Integer replicas) {
    RenderedExpert rendered = templates.render(workload(pool, expert, replicas));
    if (replicas == null && rendered instanceof RenderedExpert.SelfHosted selfHosted) {
      selfHosted.deployment().getSpec().setReplicas(null);
    }
    return rendered;
  }

  /**
   * Replicas the expert's Deployment is applied with. While the SLO autoscaler acts on an existing
   * Deployment, none ({@code null}): it scales through the scale subresource, and an apply that set
   * the field would undo that. A new Deployment starts at the minimum. {@code stillApplied} is true
   * while this operator's server-side apply still owns {@code spec.replicas} (it created the
   * Deployment, or applied it before autoscaling was on): dropping the field then would reset it to
   * the API server's default of 1, so the live count is applied until a scale call, which changes
   * the value, takes the field over. Without acting autoscaling an external scaler (HPA, KEDA) may
   * own replicas through the scale subresource: its choice is kept within the expert's range.
   */
  static Integer appliedReplicas(
      Expert expert, boolean autoscalerActs, Integer current, boolean stillApplied) {
    if (!autoscalerActs || current == null) {
      return replicas(expert, current);
    }
    return stillApplied ? current : null;
  }

  static ExpertWorkload workload(ExpertPool pool, Expert expert, Integer currentReplicas) {
    String name = KubeNames.expertWorkload(pool.getMetadata().getName(), expert.name());
    var builder =
        ExpertWorkload.builder(
                name, pool.getMetadata().getNamespace(), runtime(expert.runtime()), expert.model())
            .image(expert.image())
            .replicas(replicas(expert, currentReplicas))
            .labels(
                Map.of(
                    POOL_LABEL,
                    pool.getMetadata().getName(),
                    "switchboard.io/expert-name",
                    expert.name()));
    if (expert.gpu() != null) {
      builder.gpu(
          new GpuRequirements(
              expert.gpu().count(),
              expert.gpu().type(),
              expert.gpu().nodeSelector(),
              expert.gpu().tolerations()));
    }
    if (expert.parallelism() != null) {
      var p = expert.parallelism();
      builder.parallelism(
          new Parallelism(
              orOne(p.tensor()),
              orOne(p.data()),
              Boolean.TRUE.equals(p.expertParallel()),
              orOne(p.pipeline())));
    } else if (expert.gpu() != null && expert.runtime().needsGpu()) {
      // No parallelism block: shard over every GPU the replica asks for, as `vllm serve` users
      // set --tensor-parallel-size to the GPU count; the CRD documents this default.
      builder.parallelism(Parallelism.tensor(expert.gpu().count()));
    }
    if (expert.engine() != null) {
      builder
          .maxModelLen(expert.engine().maxModelLen())
          .gpuMemoryUtilization(expert.engine().gpuMemoryUtilization())
          .quantization(expert.engine().quantization())
          .maxConcurrency(expert.engine().maxConcurrency())
          .extraArgs(expert.engine().extraArgs());
    }
    if (expert.modelCache() != null) {
      var cache = expert.modelCache();
      builder.modelCache(
          new ModelCache(
              cache.pvcName(), cache.emptyDirSizeLimit(), Boolean.TRUE.equals(cache.preload())));
    }
    if (expert.runtime() == ExpertRuntime.SIMULATED) {
      builder.simulated(
          new SimulatedSource(
              expert.simulation().dataset(),
              expert.model(),
              expert.simulation().gpuType(),
              expert.simulation().dataPvc() == null
                  ? "switchboard-recorded-data"
                  : expert.simulation().dataPvc(),
              expert.simulation().parametersBillions(),
              expert.simulation().timeScale(),
              expert.engine() == null ? null : expert.engine().maxConcurrency(),
              expert.simulation().confidenceAuroc(),
              expert.simulation().judgeAgreement(),
              expert.simulation().routerAccuracy(),
              simulatedModels(pool, expert.simulation().dataset())));
    }
    if (expert.runtime() == ExpertRuntime.EXTERNAL) {
      var secret = expert.endpoint().secretRef();
      builder.external(
          new ExternalApi(
              expert.endpoint().url(),
              secret == null ? null : secret.name(),
              secret == null ? null : secret.key()));
    }
    return builder.build();
  }

  /**
   * Name to recorded model of the pool's simulated experts answering from {@code dataset}: what a
   * simulated expert acting as the llm mode's router needs to read the candidates' names.
   */
  private static Map<String, String> simulatedModels(ExpertPool pool, String dataset) {
    Map<String, String> models = new TreeMap<>();
    for (Expert other : pool.getSpec().experts()) {
      if (other.runtime() == ExpertRuntime.SIMULATED
          && other.simulation() != null
          && dataset.equals(other.simulation().dataset())) {
        models.put(other.name(), other.model());
      }
    }
    return models;
  }

  /**
   * Replicas to ask for: the current count (the SLO autoscaler owns it after creation) kept within
   * the spec's bounds, or the minimum for a new Deployment (at least one, so a new expert serves).
   */
  /** The expert's fewest replicas (default 1). */
  static int minReplicas(Expert expert) {
    return expert.replicas() == null || expert.replicas().min() == null
        ? 1
        : expert.replicas().min();
  }

  /** The expert's most replicas (default: its minimum, at least 1). */
  static int maxReplicas(Expert expert) {
    return expert.replicas() == null || expert.replicas().max() == null
        ? Math.max(1, minReplicas(expert))
        : expert.replicas().max();
  }

  static int replicas(Expert expert, Integer current) {
    int min = minReplicas(expert);
    int max = maxReplicas(expert);
    int wanted = current == null ? Math.max(min, Math.min(1, max)) : current;
    return Math.max(min, Math.min(max, wanted));
  }

  private static Runtime runtime(ExpertRuntime runtime) {
    return Runtime.valueOf(runtime.name());
  }

  private static int orOne(Integer value) {
    return value == null ? 1 : value;
  }
}
