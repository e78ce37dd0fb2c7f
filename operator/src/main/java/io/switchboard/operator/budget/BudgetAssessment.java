package io.switchboard.operator.budget;

import io.switchboard.api.v1alpha1.budget.BudgetSpec;
import io.switchboard.api.v1alpha1.budget.Enforcement;
import io.switchboard.api.v1alpha1.budget.Limits;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Pure assessment of a budget's spend against its limits: how much is left, how fast it burns, when
 * it runs out, and which enforcement level the routers must apply.
 *
 * @param spentUsd spend recorded since the period started
 * @param spentTokens tokens recorded since the period started
 */
public record BudgetAssessment(
    double spentUsd,
    long spentTokens,
    Double remainingUsd,
    Long remainingTokens,
    double burnRateUsdPerHour,
    Optional<Instant> projectedExhaustion,
    EnforcementLevel level,
    double usedFraction) {

  /** What routers do for the policies a budget covers. */
  public enum EnforcementLevel {
    NONE("none"),
    DOWNGRADE("downgrade"),
    REJECT("reject");

    private final String wireName;

    EnforcementLevel(String wireName) {
      this.wireName = wireName;
    }

    public String wireName() {
      return wireName;
    }
  }

  static BudgetAssessment assess(
      BudgetSpec spec, double spentUsd, long spentTokens, Instant periodStart, Instant now) {
    Limits limits = spec.limits();
    Double remainingUsd = limits.usd() == null ? null : Math.max(0, limits.usd() - spentUsd);
    Long remainingTokens =
        limits.tokens() == null ? null : Math.max(0, limits.tokens() - spentTokens);
    double usdFraction = limits.usd() == null ? 0 : spentUsd / limits.usd();
    double tokenFraction = limits.tokens() == null ? 0 : (double) spentTokens / limits.tokens();
    double used = Math.max(usdFraction, tokenFraction);

    double hours = Math.max(Duration.between(periodStart, now).toSeconds() / 3600.0, 1.0 / 60);
    double burnRate = spentUsd / hours;
    Optional<Instant> exhaustion = Optional.empty();
    if (remainingUsd != null && burnRate > 0) {
      exhaustion =
          Optional.of(now.plusSeconds((long) Math.min(remainingUsd / burnRate * 3600, 3.15e9)));
    }

    Enforcement enforcement = spec.enforcement();
    Enforcement.Action action =
        enforcement == null || enforcement.action() == null
            ? Enforcement.Action.ALERT
            : enforcement.action();
    int threshold =
        enforcement == null || enforcement.thresholdPercent() == null
            ? 100
            : enforcement.thresholdPercent();
    EnforcementLevel level = EnforcementLevel.NONE;
    if (used * 100 >= threshold) {
      level =
          switch (action) {
            case DOWNGRADE -> EnforcementLevel.DOWNGRADE;
            case REJECT -> EnforcementLevel.REJECT;
            case ALERT -> EnforcementLevel.NONE;
          };
    }
    return new BudgetAssessment(
        spentUsd, spentTokens, remainingUsd, remainingTokens, burnRate, exhaustion, level, used);
  }
}
