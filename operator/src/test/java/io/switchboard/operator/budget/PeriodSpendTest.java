package io.switchboard.operator.budget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.switchboard.api.v1alpha1.budget.BudgetStatus;
import io.switchboard.operator.budget.SpendAccounting.Reading;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The period's running spend as the reconciler carries it through status, round after round. */
class PeriodSpendTest {
  private static final KubernetesSerialization JSON = new KubernetesSerialization();
  private static final Instant TRACKED_SINCE = Instant.parse("2026-11-25T10:00:00Z");
  private static final double ROUTER_STARTED = TRACKED_SINCE.getEpochSecond() + 1;

  @Test
  void thousandsOfSmallRoundsAddUpToTheRoutersLedger() {
    // A router whose cumulative cost grows by $0.0000013 between reads. Rounding the running sum to
    // six decimals
    // every round (as the reconciler once did) lost $0.0000003 per round: $0.005 instead of $0.0065
    // here.
    int rounds = 5000;
    double ledger = 0;
    BudgetStatus status = new BudgetStatus();
    Instant now = TRACKED_SINCE;
    for (int i = 1; i <= rounds; i++) {
      ledger += 0.0000013;
      now = now.plusSeconds(2);
      status =
          nextRound(
              storedAndReadBack(status),
              Map.of("chat@10.0.0.1:8080", new Reading(ROUTER_STARTED, ledger, 3L * i)),
              now);
    }

    assertThat(status.getSpentUsdUnrounded()).isCloseTo(ledger, within(1e-9));
    assertThat(status.getSpentUsdUnrounded()).isCloseTo(rounds * 0.0000013, within(1e-9));
    assertThat(status.getSpentUsd())
        .isEqualTo(0.0065); // the display figure: the same sum, to six decimals
    assertThat(status.getSpentTokens()).isEqualTo(3L * rounds);
  }

  @Test
  void statusWrittenBeforeTheUnroundedSumExistedContinuesFromTheRoundedFigure() {
    BudgetStatus old =
        JSON.unmarshal(
            """
        {"periodStart": "2026-11-25T00:00:00Z", "spentUsd": 2.563189, "spentTokens": 564644}""",
            BudgetStatus.class);

    var spent =
        PeriodSpend.carriedIn(old, false).plus(new SpendAccounting.Result(0.0000013, 10, Map.of()));
    BudgetStatus next = new BudgetStatus();
    spent.writeTo(next);

    assertThat(next.getSpentUsdUnrounded()).isCloseTo(2.5631903, within(1e-12));
    assertThat(next.getSpentUsd()).isEqualTo(2.56319);
    assertThat(next.getSpentTokens()).isEqualTo(564654);
    assertThat(PeriodSpend.carriedIn(old, true))
        .isEqualTo(new PeriodSpend(0, 0)); // a new period starts from nothing
  }

  /**
   * One accounting round as {@link BudgetReconciler#reconcile} does it: readings against the stored
   * watermarks.
   */
  private static BudgetStatus nextRound(
      BudgetStatus previous, Map<String, Reading> readings, Instant now) {
    var round =
        SpendAccounting.account(
            previous.getRouterUsage(), TRACKED_SINCE, readings, now, Duration.ofHours(1));
    BudgetStatus next = new BudgetStatus();
    PeriodSpend.carriedIn(previous, false).plus(round).writeTo(next);
    next.setRouterUsage(round.marks());
    return next;
  }

  /** Status goes through the API server as JSON between rounds. */
  private static BudgetStatus storedAndReadBack(BudgetStatus status) {
    return JSON.unmarshal(JSON.asJson(status), BudgetStatus.class);
  }
}
