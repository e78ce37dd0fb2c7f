package io.switchboard.operator.expertpool;

import io.switchboard.api.v1alpha1.budget.Budget;
import io.switchboard.api.v1alpha1.expertpool.AutoscalingSpec;
import io.switchboard.api.v1alpha1.expertpool.Expert;
import io.switchboard.api.v1alpha1.expertpool.ExpertPool;
import io.switchboard.api.v1alpha1.expertpool.ExpertRuntime;
import io.switchboard.api.v1alpha1.routingpolicy.RoutingPolicy;
import io.switchboard.templates.RenderedExpert;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the ExpertPool reconciler produces for a pool, from its pure parts, for the field-coverage
 * test: the rendered objects per expert, the SLO autoscaler's decisions in fixed scenarios and the
 * Budget GPU cap's trim. The scenarios' observations are constants, never derived from the spec, so
 * a target that the autoscaler ignores leaves the decisions unchanged.
 */
public final class ExpertPoolOutputs {

  private static final Instant T0 = Instant.parse("2026-03-17T12:00:00Z");

  /** A loaded engine: every SLO breached by a different ratio. */
  private static final SloAutoscaler.Observation HIGH =
      new SloAutoscaler.Observation(1000.0, 60.0, 12.0, 0.9);

  /** An idle engine: every SLO far below target. */
  private static final SloAutoscaler.Observation LOW =
      new SloAutoscaler.Observation(100.0, 10.0, 1.0, 0.1);

  private ExpertPoolOutputs() {}

  /**
   * Each expert as the reconciler renders it: a new Deployment (no live replicas) and one at 3 live
   * replicas (set by the SLO autoscaler, which then leaves them out of the Deployment, or by an
   * external scaler), each with its Service and PDB; external experts render to a base URL only.
   */
  public static Map<String, Object> expertObjects(ExpertPool pool) {
    ExpertWorkloads workloads = new ExpertWorkloads();
    Map<String, Object> out = new LinkedHashMap<>();
    for (Expert expert : pool.getSpec().experts()) {
      for (Integer live : new Integer[] {null, 3}) {
        RenderedExpert rendered =
            workloads.render(
                pool,
                expert,
                ExpertWorkloads.appliedReplicas(
                    expert, ExpertPoolReconciler.acts(expert), live, false));
        out.put(expert.name() + (live == null ? "/new" : "/live-3"), rendered);
      }
    }
    return out;
  }

  /**
   * Replicas the SLO autoscaler decides for each autoscaled expert: from 2 replicas with one SLO
   * observed at a time (so every target decides one figure), and scaling down from 4 after 400 s of
   * idle engines (the stabilization window decides whether it may).
   */
  public static Map<String, Object> autoscaling(ExpertPool pool) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (Expert expert : pool.getSpec().experts()) {
      if (expert.runtime() == ExpertRuntime.EXTERNAL || !ExpertPoolReconciler.autoscaled(expert)) {
        continue;
      }
      AutoscalingSpec slo = expert.autoscaling();
      int min = ExpertWorkloads.minReplicas(expert);
      int max = ExpertWorkloads.maxReplicas(expert);
      List<Integer> decisions = new ArrayList<>();
      for (SloAutoscaler.Observation one :
          List.of(
              new SloAutoscaler.Observation(HIGH.ttftP95Ms(), null, null, null),
              new SloAutoscaler.Observation(null, HIGH.tpotP95Ms(), null, null),
              new SloAutoscaler.Observation(null, null, HIGH.waitingPerReplica(), null),
              new SloAutoscaler.Observation(null, null, null, HIGH.kvCacheUsage()))) {
        decisions.add(new SloAutoscaler().decide("e", slo, 2, min, max, one, T0).replicas());
      }
      SloAutoscaler down = new SloAutoscaler();
      int start = Math.min(4, max);
      down.decide("e", slo, start, min, max, LOW, T0);
      decisions.add(down.decide("e", slo, start, min, max, LOW, T0.plusSeconds(400)).replicas());
      out.put(expert.name(), decisions);
    }
    return out;
  }

  /**
   * Replicas after the GPU cap of the Budgets covering the pool trims the autoscaler's scale-up
   * from one replica under load; empty when no Budget caps it or nothing autoscales (the reconciler
   * applies the cap to autoscaler decisions only).
   */
  public static Optional<Map<String, Integer>> gpuCapped(
      ExpertPool pool, List<Budget> budgets, List<RoutingPolicy> policies, List<ExpertPool> pools) {
    List<GpuCap.Want> wants = new ArrayList<>();
    boolean scaled = false;
    for (Expert expert : pool.getSpec().experts()) {
      if (expert.runtime() == ExpertRuntime.EXTERNAL) {
        continue;
      }
      int min = ExpertWorkloads.minReplicas(expert);
      int max = ExpertWorkloads.maxReplicas(expert);
      int now = Math.max(1, min);
      int wanted = now;
      if (ExpertPoolReconciler.autoscaled(expert)) {
        scaled = true;
        wanted =
            new SloAutoscaler()
                .decide("e", expert.autoscaling(), now, min, max, HIGH, T0)
                .replicas();
      }
      wants.add(new GpuCap.Want(expert, now, min, wanted));
    }
    if (!scaled) {
      return Optional.empty();
    }
    return GpuCap.allowance(pool, budgets, policies, pools)
        .map(allowance -> GpuCap.fit(wants, allowance.gpus()));
  }
}
