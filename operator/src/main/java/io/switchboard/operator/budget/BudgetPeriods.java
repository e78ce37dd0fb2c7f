package io.switchboard.operator.budget;

import io.switchboard.api.v1alpha1.budget.BudgetSpec.Period;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;

/** Budget periods are calendar hours, days and months in UTC, so every replica agrees on them. */
final class BudgetPeriods {

  private BudgetPeriods() {}

  static Instant start(Period period, Instant now) {
    ZonedDateTime t = now.atZone(ZoneOffset.UTC);
    return switch (period) {
      case HOUR -> t.truncatedTo(ChronoUnit.HOURS).toInstant();
      case DAY -> t.truncatedTo(ChronoUnit.DAYS).toInstant();
      case MONTH -> t.truncatedTo(ChronoUnit.DAYS).withDayOfMonth(1).toInstant();
    };
  }

  static Instant end(Period period, Instant now) {
    ZonedDateTime start = start(period, now).atZone(ZoneOffset.UTC);
    return switch (period) {
      case HOUR -> start.plusHours(1).toInstant();
      case DAY -> start.plusDays(1).toInstant();
      case MONTH -> start.plusMonths(1).toInstant();
    };
  }
}
