package io.switchboard.operator.budget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.switchboard.api.v1alpha1.budget.BudgetStatus.RouterUsageMark;
import io.switchboard.operator.budget.SpendAccounting.Reading;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SpendAccountingTest {
  private static final Instant TRACKED_SINCE = Instant.parse("2026-11-25T10:00:00Z");
  private static final double BEFORE_TRACKING = TRACKED_SINCE.getEpochSecond() - 3600;
  private static final double AFTER_TRACKING = TRACKED_SINCE.getEpochSecond() + 60;
  private static final Duration FORGET = Duration.ofHours(1);

  private static SpendAccounting.Result account(
      Map<String, RouterUsageMark> marks, Map<String, Reading> readings, Instant now) {
    return SpendAccounting.account(marks, TRACKED_SINCE, readings, now, FORGET);
  }

  @Test
  void aRouterRunningBeforeTrackingIsABaselineThenOnlyItsGrowthCounts() {
    Instant t1 = TRACKED_SINCE.plusSeconds(30);
    var first =
        account(
            Map.of(), Map.of("chat@10.0.0.1:8080", new Reading(BEFORE_TRACKING, 5.0, 5000)), t1);
    assertThat(first.costUsd()).isZero();
    assertThat(first.tokens()).isZero();

    var second =
        account(
            first.marks(),
            Map.of("chat@10.0.0.1:8080", new Reading(BEFORE_TRACKING, 5.25, 5400)),
            t1.plusSeconds(30));
    assertThat(second.costUsd()).isCloseTo(0.25, within(1e-12));
    assertThat(second.tokens()).isEqualTo(400);
  }

  @Test
  void applyingTheSameReadingTwiceAddsNothingTheSecondTime() {
    Instant now = TRACKED_SINCE.plusSeconds(30);
    var reading = Map.of("chat@a", new Reading(AFTER_TRACKING, 1.0, 100));
    var first = account(Map.of(), reading, now);
    var again = account(first.marks(), reading, now.plusSeconds(30));

    assertThat(first.costUsd()).isEqualTo(1.0); // started after tracking began: all of it is new
    assertThat(again.costUsd()).isZero();
    assertThat(again.tokens()).isZero();
  }

  @Test
  void aRestartedRouterCountsEverythingSinceItsRestart() {
    Instant now = TRACKED_SINCE.plusSeconds(120);
    var marks =
        Map.of(
            "chat@a",
            new RouterUsageMark(BEFORE_TRACKING, 9.0, 900L, now.minusSeconds(30).toString()));

    var restarted = account(marks, Map.of("chat@a", new Reading(AFTER_TRACKING, 0.5, 50)), now);
    assertThat(restarted.costUsd()).isEqualTo(0.5);
    assertThat(restarted.tokens()).isEqualTo(50);

    // A router without a start time is recognised as restarted by its counters going backwards.
    var noStart =
        Map.of("chat@b", new RouterUsageMark(0.0, 9.0, 900L, now.minusSeconds(30).toString()));
    assertThat(account(noStart, Map.of("chat@b", new Reading(Double.NaN, 0.5, 50)), now).costUsd())
        .isEqualTo(0.5);
  }

  @Test
  void anUnreachableRouterKeepsItsWatermarkUntilForgotten() {
    Instant now = TRACKED_SINCE.plusSeconds(7200);
    var marks =
        Map.of(
            "chat@recent",
                new RouterUsageMark(BEFORE_TRACKING, 1.0, 10L, now.minusSeconds(600).toString()),
            "chat@gone",
                new RouterUsageMark(
                    BEFORE_TRACKING, 1.0, 10L, now.minus(FORGET).minusSeconds(1).toString()));

    var result = account(marks, Map.of(), now);

    assertThat(result.marks()).containsOnlyKeys("chat@recent");
    // Back after the outage with the same process: what it recorded meanwhile is counted once.
    var back =
        account(
            result.marks(),
            Map.of("chat@recent", new Reading(BEFORE_TRACKING, 3.0, 30)),
            now.plusSeconds(30));
    assertThat(back.costUsd()).isEqualTo(2.0);
  }
}
