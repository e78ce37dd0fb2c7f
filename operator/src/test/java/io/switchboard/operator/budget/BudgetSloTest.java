package io.switchboard.operator.budget;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.api.v1alpha1.budget.SloTargets;
import io.switchboard.api.v1alpha1.routingpolicy.RoutingPolicyStatus.RoutingSummary;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BudgetSloTest {

  private static RoutingSummary window(Double p95Ms, Double quality, Long grades) {
    return new RoutingSummary(60, Map.of(), 1.0, quality, grades, p95Ms);
  }

  @Test
  void noTargetsNoVerdict() {
    assertThat(BudgetSlo.judge(null, Map.of("a", window(900.0, null, null)))).isEmpty();
    assertThat(BudgetSlo.judge(new SloTargets(null, null), Map.of())).isEmpty();
  }

  @Test
  void everyBreachingPolicyIsNamedWithItsFigures() {
    Map<String, RoutingSummary> windows = new LinkedHashMap<>();
    windows.put("a", window(812.4, 0.91, 40L));
    windows.put("b", window(120.0, 0.62, 30L));
    windows.put("c", window(100.0, 0.95, 10L));

    var verdict = BudgetSlo.judge(new SloTargets(500, 0.8), windows).orElseThrow();

    assertThat(verdict.met()).isFalse();
    assertThat(verdict.reason()).isEqualTo("SloBreached");
    assertThat(verdict.message())
        .isEqualTo("a: p95 latency 812 ms > 500 ms; b: quality 0.620 < 0.800 (30 grades)");
  }

  @Test
  void keptTargetsSayOnHowManyPoliciesTheyWereMeasured() {
    Map<String, RoutingSummary> windows = new LinkedHashMap<>();
    windows.put("a", window(400.0, 0.9, 5L));
    windows.put("b", window(300.0, null, null)); // nothing graded: quality not judged here

    var verdict = BudgetSlo.judge(new SloTargets(500, 0.8), windows).orElseThrow();

    assertThat(verdict.met()).isTrue();
    assertThat(verdict.message())
        .isEqualTo(
            "p95 latency ≤ 500 ms on 2 policies (highest 400 ms); quality ≥ 0.800 on 1 policy"
                + " (lowest 0.900, 5 grades)");
  }

  @Test
  void aQuietWindowLeavesTheVerdictOpen() {
    var verdict =
        BudgetSlo.judge(new SloTargets(500, null), Map.of("a", window(null, 0.9, 3L)))
            .orElseThrow();

    assertThat(verdict.met()).isNull();
    assertThat(verdict.reason()).isEqualTo("NotMeasured");
  }

  @Test
  void theLatencyTargetIsHeldAtTheBoundary() {
    assertThat(
            BudgetSlo.judge(new SloTargets(500, null), Map.of("a", window(500.0, null, null)))
                .orElseThrow()
                .met())
        .isTrue();
  }
}
