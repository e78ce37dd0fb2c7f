package io.switchboard.operator.budget;

import io.switchboard.api.v1alpha1.budget.BudgetStatus;
import io.switchboard.api.v1alpha1.budget.BudgetStatus.RouterUsageMark;
import io.switchboard.operator.routingpolicy.RouterReadings;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A Budget's spend per tenant this period, from the same router readings the total comes from and
 * with the same rules ({@link SpendAccounting}, one watermark per tenant and replica): a restarted
 * router counts from zero, a router already running when tracking began is a baseline, an operator
 * restart neither loses nor double-counts.
 *
 * <p>Every tenant gets a reading from every replica (zero where the replica has no counter for it
 * yet), and a replica the total's watermarks ({@code routerUsage}) already know starts from zero
 * for a tenant new to it, so a tenant that first spends on a long-running router is counted from
 * its first cent rather than taken as a baseline.
 */
public final class TenantSpend {
  private TenantSpend() {}

  /**
   * Adds one round to {@code previous}'s per-tenant spend and writes it, with the new watermarks,
   * into {@code status}.
   *
   * @param readings each covered replica's reading, keyed like {@code routerUsage} ({@code
   *     policy@address})
   * @param newPeriod the period changed since {@code previous}: spend restarts at zero
   */
  public static void account(
      BudgetStatus previous,
      boolean newPeriod,
      Instant trackedSince,
      Map<String, RouterReadings.Replica> readings,
      Instant now,
      Duration forgetAfter,
      BudgetStatus status) {
    Map<String, Map<String, RouterUsageMark>> previousMarks =
        previous.getTenantRouterUsage() == null ? Map.of() : previous.getTenantRouterUsage();
    Set<String> tenants = new TreeSet<>(previousMarks.keySet());
    readings.values().forEach(r -> tenants.addAll(r.metrics().costUsdByTenant().keySet()));
    Map<String, Double> spent = new TreeMap<>();
    Map<String, Map<String, RouterUsageMark>> marks = new TreeMap<>();
    for (String tenant : tenants) {
      Map<String, SpendAccounting.Reading> current = new TreeMap<>();
      readings.forEach(
          (key, replica) ->
              current.put(
                  key,
                  new SpendAccounting.Reading(
                      replica.processStartSeconds(),
                      replica.metrics().costUsdByTenant().getOrDefault(tenant, 0.0),
                      0)));
      SpendAccounting.Result round =
          SpendAccounting.account(
              withSeenReplicas(previousMarks.getOrDefault(tenant, Map.of()), previous),
              trackedSince,
              current,
              now,
              forgetAfter);
      double carried =
          newPeriod || previous.getSpentUsdByTenant() == null
              ? 0
              : previous.getSpentUsdByTenant().getOrDefault(tenant, 0.0);
      double total = carried + round.costUsd();
      // Unrounded: each round adds to it, and rounding a running sum would drift.
      if (total > 0) {
        spent.put(tenant, total);
      }
      if (!round.marks().isEmpty()) {
        marks.put(tenant, round.marks());
      }
    }
    status.setSpentUsdByTenant(spent);
    status.setTenantRouterUsage(marks);
  }

  /**
   * A tenant's watermarks plus a zero watermark for every replica read before that has none for it:
   * such a replica had spent nothing for the tenant at its last reading, so all it shows now is new
   * (without this a tenant's first spend on a long-running router would be a baseline).
   */
  private static Map<String, RouterUsageMark> withSeenReplicas(
      Map<String, RouterUsageMark> tenantMarks, BudgetStatus previous) {
    Map<String, RouterUsageMark> out = new TreeMap<>(tenantMarks);
    if (previous.getRouterUsage() != null) {
      previous
          .getRouterUsage()
          .forEach(
              (key, mark) ->
                  out.putIfAbsent(
                      key, new RouterUsageMark(mark.startTime(), 0.0, 0L, mark.seenAt())));
    }
    return out;
  }
}
