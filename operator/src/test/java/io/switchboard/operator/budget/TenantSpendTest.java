package io.switchboard.operator.budget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.switchboard.api.v1alpha1.budget.BudgetStatus;
import io.switchboard.operator.routingpolicy.RouterReadings;
import io.switchboard.operator.routingpolicy.RouterScrape;
import io.switchboard.operator.routingpolicy.ShadowCounters;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class TenantSpendTest {
  private static final Instant TRACKED = Instant.parse("2026-03-01T00:00:00Z");
  private static final Duration FORGET = Duration.ofHours(1);

  private static RouterReadings.Replica replica(double start, Map<String, Double> byTenant) {
    double total = byTenant.values().stream().mapToDouble(Double::doubleValue).sum();
    RouterScrape metrics =
        new RouterScrape(
            Map.of(), 1, total, 0, new TreeMap<>(), new TreeMap<>(byTenant), ShadowCounters.EMPTY);
    return new RouterReadings.Replica("10.0.0.1:8080", start, metrics, null, null);
  }

  private static BudgetStatus round(
      BudgetStatus previous, boolean newPeriod, Instant now, RouterReadings.Replica replica) {
    BudgetStatus status = new BudgetStatus();
    // the total's watermarks, as the Budget reconciler writes them beside the per-tenant ones
    status.setRouterUsage(
        Map.of(
            "p@10.0.0.1:8080",
            new BudgetStatus.RouterUsageMark(
                replica.processStartSeconds(), replica.metrics().costUsd(), 0L, now.toString())));
    TenantSpend.account(
        previous, newPeriod, TRACKED, Map.of("p@10.0.0.1:8080", replica), now, FORGET, status);
    return status;
  }

  @Test
  void spendGrowsPerTenantAcrossRoundsRestartsAndPeriods() {
    double before = TRACKED.getEpochSecond() - 100; // running before tracking: a baseline
    double restarted = TRACKED.getEpochSecond() + 500;
    BudgetStatus s1 =
        round(
            new BudgetStatus(), false, TRACKED.plusSeconds(10), replica(before, Map.of("a", 5.0)));
    assertThat(s1.getSpentUsdByTenant()).isEmpty();
    assertThat(s1.getTenantRouterUsage()).containsOnlyKeys("a");

    // a grows by 0.25; b appears on the same long-running router and counts from its first cent
    BudgetStatus s2 =
        round(s1, false, TRACKED.plusSeconds(20), replica(before, Map.of("a", 5.25, "b", 0.5)));
    assertThat(s2.getSpentUsdByTenant().get("a")).isCloseTo(0.25, within(1e-12));
    assertThat(s2.getSpentUsdByTenant().get("b")).isCloseTo(0.5, within(1e-12));

    // the router restarted: all of its new counters happened after the last reading
    BudgetStatus s3 =
        round(s2, false, TRACKED.plusSeconds(600), replica(restarted, Map.of("a", 0.1)));
    assertThat(s3.getSpentUsdByTenant().get("a")).isCloseTo(0.35, within(1e-12));
    assertThat(s3.getSpentUsdByTenant().get("b")).isCloseTo(0.5, within(1e-12));

    // the same reading again adds nothing (idempotent), a new period starts from zero
    BudgetStatus again =
        round(s3, false, TRACKED.plusSeconds(610), replica(restarted, Map.of("a", 0.1)));
    assertThat(again.getSpentUsdByTenant()).isEqualTo(s3.getSpentUsdByTenant());
    BudgetStatus next =
        round(s3, true, TRACKED.plusSeconds(620), replica(restarted, Map.of("a", 0.3)));
    assertThat(next.getSpentUsdByTenant()).containsOnlyKeys("a");
    assertThat(next.getSpentUsdByTenant().get("a")).isCloseTo(0.2, within(1e-12));
  }
}
