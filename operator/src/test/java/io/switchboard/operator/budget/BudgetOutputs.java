package io.switchboard.operator.budget;

import io.switchboard.api.v1alpha1.budget.Budget;
import io.switchboard.api.v1alpha1.budget.BudgetStatus;
import io.switchboard.api.v1alpha1.routingpolicy.RoutingPolicy;
import io.switchboard.api.v1alpha1.routingpolicy.RoutingPolicyStatus.RoutingSummary;
import io.switchboard.operator.support.ConditionWriter;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the Budget reconciler writes into a Budget's status, from {@link BudgetStatusAggregator},
 * for the field-coverage test: the Budget has already spent a fixed amount this period (carried in
 * its previous status) and no router reports more; each covered policy's routers report one fixed
 * window ({@link #WINDOW}: p95 latency 3 s, mean quality grade 0.75 over 20 grades) for the SLO.
 */
public final class BudgetOutputs {

  public static final Instant NOW = Instant.parse("2026-03-17T12:00:00Z");

  public static final RoutingSummary WINDOW =
      new RoutingSummary(60, Map.of(), 1.0, 0.75, 20L, 3000.0);

  private BudgetOutputs() {}

  /**
   * The status after one reconcile at {@link #NOW}, having spent {@code spentUsd} and {@code
   * spentTokens} since the period started.
   */
  public static BudgetStatus status(
      Budget budget, List<RoutingPolicy> policies, double spentUsd, long spentTokens) {
    Instant periodStart = BudgetPeriods.start(budget.getSpec().period(), NOW);
    BudgetStatus previous = new BudgetStatus();
    previous.setPeriodStart(periodStart.toString());
    previous.setUsageTrackedSince(periodStart.toString());
    previous.setSpentUsdUnrounded(spentUsd);
    previous.setSpentTokens(spentTokens);
    budget.setStatus(previous);
    try {
      List<RoutingPolicy> covered =
          policies.stream().filter(p -> BudgetCoverage.covers(budget, p)).toList();
      Map<String, RoutingSummary> windows = new TreeMap<>();
      covered.forEach(p -> windows.put(p.getMetadata().getName(), WINDOW));
      return new BudgetStatusAggregator(new ConditionWriter(Clock.fixed(NOW, ZoneOffset.UTC)))
          .aggregate(budget, covered, Map.of(), windows, periodStart, NOW);
    } finally {
      budget.setStatus(null);
    }
  }
}
