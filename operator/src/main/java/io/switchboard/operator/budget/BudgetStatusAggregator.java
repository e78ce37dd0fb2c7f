package io.switchboard.operator.budget;

import io.switchboard.api.v1alpha1.budget.Budget;
import io.switchboard.api.v1alpha1.budget.BudgetStatus;
import io.switchboard.api.v1alpha1.common.ConditionTypes;
import io.switchboard.api.v1alpha1.routingpolicy.RoutingPolicy;
import io.switchboard.api.v1alpha1.routingpolicy.RoutingPolicyStatus.RoutingSummary;
import io.switchboard.operator.routingpolicy.RouterReadings;
import io.switchboard.operator.support.ConditionWriter;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds a Budget's whole status from one reconcile's inputs: the policies it covers and their
 * routers' latest spend readings (in total and per tenant), accounted against the watermarks the
 * previous status kept, and their last window's latency and quality against the SLO. Every status
 * field is decided here, so the reconciler only gathers inputs and writes the result.
 */
final class BudgetStatusAggregator {

  private final ConditionWriter conditions;

  BudgetStatusAggregator(ConditionWriter conditions) {
    this.conditions = conditions;
  }

  BudgetStatus aggregate(
      Budget budget,
      List<RoutingPolicy> covered,
      Map<String, RouterReadings.Replica> replicas,
      Map<String, RoutingSummary> summaries,
      Instant periodStart,
      Instant now) {
    BudgetStatus previous = budget.getStatus() == null ? new BudgetStatus() : budget.getStatus();
    boolean newPeriod =
        previous.getPeriodStart() == null
            || !previous.getPeriodStart().equals(periodStart.toString());
    Instant trackedSince =
        previous.getUsageTrackedSince() == null
            ? now
            : Instant.parse(previous.getUsageTrackedSince());
    Map<String, SpendAccounting.Reading> readings = new TreeMap<>();
    replicas.forEach(
        (key, reading) ->
            readings.put(
                key,
                new SpendAccounting.Reading(
                    reading.processStartSeconds(),
                    reading.metrics().costUsd(),
                    Math.round(reading.metrics().tokens()))));
    SpendAccounting.Result round =
        SpendAccounting.account(
            previous.getRouterUsage(),
            trackedSince,
            readings,
            now,
            BudgetReconciler.FORGET_ROUTERS_AFTER);
    PeriodSpend spent = PeriodSpend.carriedIn(previous, newPeriod).plus(round);

    BudgetAssessment assessment =
        BudgetAssessment.assess(budget.getSpec(), spent.usd(), spent.tokens(), periodStart, now);

    BudgetStatus status = new BudgetStatus();
    status.setConditions(previous.getConditions());
    status.setObservedGeneration(budget.getMetadata().getGeneration());
    status.setPeriodStart(periodStart.toString());
    spent.writeTo(status);
    // Display rounding like spentUsd: limit − sum would otherwise show float noise
    // (0.39999999999999997).
    status.setRemainingUsd(
        assessment.remainingUsd() == null
            ? null
            : PeriodSpend.toMillionths(assessment.remainingUsd()));
    status.setRemainingTokens(assessment.remainingTokens());
    status.setBurnRateUsdPerHour(round(assessment.burnRateUsdPerHour()));
    status.setProjectedExhaustion(
        assessment
            .projectedExhaustion()
            .filter(t -> t.isBefore(BudgetPeriods.end(budget.getSpec().period(), now)))
            .map(Instant::toString)
            .orElse(null));
    status.setEnforcementLevel(assessment.level().wireName());
    status.setCoveredPolicies(covered.stream().map(p -> p.getMetadata().getName()).toList());
    status.setUsageTrackedSince(trackedSince.toString());
    status.setRouterUsage(round.marks());

    boolean exceeded = assessment.usedFraction() >= 1.0;
    String usage =
        String.format(
            "%.1f%% of the %s limit used",
            assessment.usedFraction() * 100, budget.getSpec().period().name().toLowerCase());
    conditions.set(
        budget,
        status,
        ConditionTypes.WITHIN_BUDGET,
        !exceeded,
        exceeded ? "LimitReached" : "UnderLimit",
        usage);
    conditions.set(
        budget,
        status,
        ConditionTypes.EXCEEDED,
        exceeded,
        exceeded ? "LimitReached" : "UnderLimit",
        exceeded ? usage + "; enforcement " + assessment.level().wireName() : usage);

    slo(budget, status, summaries);

    TenantSpend.account(
        previous,
        newPeriod,
        trackedSince,
        replicas,
        now,
        BudgetReconciler.FORGET_ROUTERS_AFTER,
        status);
    return status;
  }

  /**
   * SloMet from the covered policies' last router window; absent without targets. A window that
   * measured nothing keeps the previous verdict (Unknown before the first).
   */
  private void slo(Budget budget, BudgetStatus status, Map<String, RoutingSummary> summaries) {
    var verdict = BudgetSlo.judge(budget.getSpec().slo(), summaries);
    if (verdict.isEmpty()) {
      conditions.remove(status, ConditionTypes.SLO_MET);
    } else if (verdict.get().met() != null) {
      conditions.set(
          budget,
          status,
          ConditionTypes.SLO_MET,
          verdict.get().met(),
          verdict.get().reason(),
          verdict.get().message());
    } else if (status.condition(ConditionTypes.SLO_MET).isEmpty()) {
      conditions.unknown(
          budget, status, ConditionTypes.SLO_MET, verdict.get().reason(), verdict.get().message());
    }
  }

  private static double round(double value) {
    return Math.round(value * 10000) / 10000.0;
  }
}
