package io.switchboard.operator.expertpool;

import io.switchboard.api.v1alpha1.budget.Budget;
import io.switchboard.api.v1alpha1.routingpolicy.RoutingPolicy;
import io.switchboard.api.v1alpha1.routingpolicy.RoutingPolicyStatus.RoutingSummary;
import io.switchboard.operator.budget.BudgetCoverage;
import java.util.Collection;
import java.util.Optional;
import java.util.function.Function;

/**
 * A Budget's {@code slo.p95LatencyMs} as a scaling target for the experts behind it: for one
 * expert, the policy routing to it in its routers' last window whose end-to-end p95 is furthest
 * over (or least under) the strictest latency target of the Budgets covering it.
 */
public final class BudgetLatency {

  /** The policy's p95 over its last window against its Budgets' strictest target. */
  public record Pressure(String policy, String budget, int targetMs, double observedMs) {
    double ratio() {
      return observedMs / targetMs;
    }
  }

  private BudgetLatency() {}

  /**
   * The worst-placed policy that sent {@code expert} requests in its last window and is covered by
   * a Budget with a latency target; empty when there is none or no window was measured.
   *
   * @param pool the pool's name (policies name it in {@code poolRef})
   * @param summaries each policy's last router window (null when not read yet)
   */
  public static Optional<Pressure> on(
      String pool,
      String expert,
      Collection<RoutingPolicy> policies,
      Collection<Budget> budgets,
      Function<RoutingPolicy, RoutingSummary> summaries) {
    Pressure worst = null;
    for (RoutingPolicy policy : policies) {
      if (policy.getSpec() == null
          || policy.getSpec().poolRef() == null
          || !pool.equals(policy.getSpec().poolRef().name())) {
        continue;
      }
      RoutingSummary summary = summaries.apply(policy);
      if (summary == null
          || summary.latencyP95Ms() == null
          || summary.decisions() == null
          || summary.decisions().getOrDefault(expert, 0L) <= 0) {
        continue;
      }
      Budget strictest = null;
      int target = Integer.MAX_VALUE;
      for (Budget budget : budgets) {
        Optional<Integer> slo = BudgetCoverage.latencySloMs(budget);
        if (slo.isPresent() && slo.get() < target && BudgetCoverage.covers(budget, policy)) {
          strictest = budget;
          target = slo.get();
        }
      }
      if (strictest == null) {
        continue;
      }
      Pressure pressure =
          new Pressure(
              policy.getMetadata().getName(),
              strictest.getMetadata().getName(),
              target,
              summary.latencyP95Ms());
      if (worst == null || pressure.ratio() > worst.ratio()) {
        worst = pressure;
      }
    }
    return Optional.ofNullable(worst);
  }
}
