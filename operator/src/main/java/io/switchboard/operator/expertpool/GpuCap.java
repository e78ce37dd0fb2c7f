package io.switchboard.operator.expertpool;

import io.switchboard.api.v1alpha1.budget.Budget;
import io.switchboard.api.v1alpha1.expertpool.Expert;
import io.switchboard.api.v1alpha1.expertpool.ExpertPool;
import io.switchboard.api.v1alpha1.expertpool.ExpertRuntime;
import io.switchboard.api.v1alpha1.expertpool.ExpertStatus;
import io.switchboard.api.v1alpha1.routingpolicy.RoutingPolicy;
import io.switchboard.operator.budget.BudgetCoverage;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A Budget's {@code gpuCap}: the GPUs that the self-hosted experts of the pools its covered
 * policies route to may use together. For one pool, the GPUs it may use = the cap − what the other
 * capped pools use now (their status), the smallest over every Budget that caps it. The
 * autoscaler's scale-ups are trimmed to fit; nothing is scaled down to meet a cap (that is the
 * Budget's enforcement, not the autoscaler's) and the replica minimum always holds.
 */
public final class GpuCap {

  private GpuCap() {}

  /** GPUs one replica of the expert uses (0 for external experts). */
  static int gpusPerReplica(Expert expert) {
    if (expert.runtime() == ExpertRuntime.EXTERNAL) {
      return 0;
    }
    return expert.gpu() == null || expert.gpu().count() == null ? 1 : expert.gpu().count();
  }

  /**
   * The GPUs {@code pool} may use, or empty when no Budget caps it; with the capping Budget's name.
   */
  public static Optional<Allowance> allowance(
      ExpertPool pool,
      Collection<Budget> budgets,
      Collection<RoutingPolicy> policies,
      Collection<ExpertPool> pools) {
    Allowance tightest = null;
    for (Budget budget : budgets) {
      Integer cap = budget.getSpec() == null ? null : budget.getSpec().gpuCap();
      if (cap == null) {
        continue;
      }
      Set<String> capped = new HashSet<>();
      for (RoutingPolicy policy : policies) {
        if (BudgetCoverage.covers(budget, policy)
            && policy.getSpec() != null
            && policy.getSpec().poolRef() != null) {
          capped.add(policy.getSpec().poolRef().name());
        }
      }
      if (!capped.contains(pool.getMetadata().getName())) {
        continue;
      }
      int others = 0;
      for (ExpertPool other : pools) {
        if (!other.getMetadata().getName().equals(pool.getMetadata().getName())
            && capped.contains(other.getMetadata().getName())) {
          others += gpusInUse(other);
        }
      }
      Allowance allowance =
          new Allowance(Math.max(0, cap - others), budget.getMetadata().getName(), cap);
      if (tightest == null || allowance.gpus() < tightest.gpus()) {
        tightest = allowance;
      }
    }
    return Optional.ofNullable(tightest);
  }

  /** The GPUs a pool's experts use at their desired replicas, from its status. */
  static int gpusInUse(ExpertPool pool) {
    if (pool.getStatus() == null
        || pool.getStatus().getExperts() == null
        || pool.getSpec() == null) {
      return 0;
    }
    Map<String, Expert> experts = new LinkedHashMap<>();
    pool.getSpec().experts().forEach(e -> experts.put(e.name(), e));
    int gpus = 0;
    for (ExpertStatus status : pool.getStatus().getExperts()) {
      Expert expert = experts.get(status.name());
      if (expert != null && status.desiredReplicas() != null) {
        gpus += status.desiredReplicas() * gpusPerReplica(expert);
      }
    }
    return gpus;
  }

  /** How many GPUs a pool may use and which Budget says so. */
  public record Allowance(int gpus, String budget, int cap) {}

  /** One expert's replicas: now, and what the autoscaler wants. */
  public record Want(Expert expert, int current, int min, int wanted) {}

  /**
   * Trims scale-ups so the pool's GPUs fit {@code allowedGpus}: experts keep their current replicas
   * (or their minimum, if higher) and get their increases one replica at a time, in pool order,
   * while GPUs remain.
   */
  public static Map<String, Integer> fit(List<Want> wants, int allowedGpus) {
    Map<String, Integer> replicas = new LinkedHashMap<>();
    int used = 0;
    for (Want w : wants) {
      int base = Math.max(w.min(), Math.min(w.current(), w.wanted()));
      replicas.put(w.expert().name(), base);
      used += base * gpusPerReplica(w.expert());
    }
    boolean grew = true;
    while (grew) {
      grew = false;
      for (Want w : wants) {
        int now = replicas.get(w.expert().name());
        int gpus = gpusPerReplica(w.expert());
        if (now < w.wanted() && used + gpus <= allowedGpus) {
          replicas.put(w.expert().name(), now + 1);
          used += gpus;
          grew = true;
        }
      }
    }
    return replicas;
  }
}
