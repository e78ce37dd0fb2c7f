package io.switchboard.operator.budget;

import io.switchboard.api.v1alpha1.budget.BudgetStatus;

/**
 * A Budget's spend this period as carried in its status from one accounting round to the next. The
 * USD sum is kept unrounded ({@code spentUsdUnrounded}) and rounded only for display ({@code
 * spentUsd}, the {@code kubectl get} column): rounding the running sum itself every round let up to
 * half a millionth of a dollar per round drift away from the routers' own ledgers.
 */
record PeriodSpend(double usd, long tokens) {

  private static final PeriodSpend NOTHING = new PeriodSpend(0, 0);

  /**
   * The spend {@code previous} carries for the current period; nothing when a new period starts.
   */
  static PeriodSpend carriedIn(BudgetStatus previous, boolean newPeriod) {
    if (newPeriod) {
      return NOTHING;
    }
    // Status written before spentUsdUnrounded existed has only the rounded figure: the sum
    // continues from it.
    Double usd =
        previous.getSpentUsdUnrounded() != null
            ? previous.getSpentUsdUnrounded()
            : previous.getSpentUsd();
    return new PeriodSpend(
        usd == null ? 0 : usd, previous.getSpentTokens() == null ? 0 : previous.getSpentTokens());
  }

  PeriodSpend plus(SpendAccounting.Result round) {
    return new PeriodSpend(usd + round.costUsd(), tokens + round.tokens());
  }

  void writeTo(BudgetStatus status) {
    status.setSpentUsdUnrounded(usd);
    status.setSpentUsd(toMillionths(usd));
    status.setSpentTokens(tokens);
  }

  static double toMillionths(double usd) {
    return Math.round(usd * 1e6) / 1e6;
  }
}
