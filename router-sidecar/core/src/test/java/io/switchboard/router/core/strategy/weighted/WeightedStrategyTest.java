package io.switchboard.router.core.strategy.weighted;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.router.config.ExpertConfig;
import io.switchboard.router.config.WeightedParams;
import io.switchboard.router.core.spi.Candidates;
import io.switchboard.router.core.spi.CircuitState;
import io.switchboard.router.core.spi.Decision;
import io.switchboard.router.core.spi.Endpoint;
import io.switchboard.router.core.spi.ExpertState;
import io.switchboard.router.core.spi.NoExpertAvailableException;
import io.switchboard.router.core.spi.RoutingRequest;
import io.switchboard.router.core.spi.StaticExpertState;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class WeightedStrategyTest {
  private static final RoutingRequest REQUEST =
      new RoutingRequest(
          "r1", "p", "auto", Endpoint.CHAT_COMPLETIONS, false, -1, "anonymous", null);

  private static ExpertConfig expert(String name, double weight, int priority) {
    return new ExpertConfig(
        name,
        name + "-model",
        "http://127.0.0.1:1",
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        weight,
        priority,
        null,
        null);
  }

  private static ExpertState down(ExpertConfig c) {
    return new StaticExpertState(c, true, CircuitState.OPEN, 0, Double.NaN, Double.NaN);
  }

  private static Map<String, Integer> shares(
      WeightedStrategy s, List<ExpertState> candidates, int n) {
    Map<String, Integer> counts = new HashMap<>();
    for (int i = 0; i < n; i++) {
      counts.merge(s.decide(REQUEST, Candidates.of(candidates)).expert(), 1, Integer::sum);
    }
    return counts;
  }

  @Test
  void trafficFollowsWeightsWithinTheBestPriorityTier() {
    var s = new WeightedStrategy(WeightedParams.DEFAULT, new SplittableRandom(42));
    var candidates =
        List.<ExpertState>of(
            StaticExpertState.idle(expert("a", 3, 0)),
            StaticExpertState.idle(expert("b", 1, 0)),
            StaticExpertState.idle(expert("backup", 5, 1)));

    Map<String, Integer> counts = shares(s, candidates, 20_000);

    assertThat(counts).doesNotContainKey("backup");
    assertThat(counts.get("a") / 20_000.0).isBetween(0.73, 0.77);
    Decision d = s.decide(REQUEST, Candidates.of(candidates));
    assertThat(d.reason()).isEqualTo("weight");
    assertThat(d.fallbacks()).endsWith("backup").hasSize(2);
  }

  @Test
  void paramWeightsOverrideExpertWeightsAndZeroMeansStandby() {
    var params = new WeightedParams(Map.of("a", 0.0), null, null);
    var s = new WeightedStrategy(params, new SplittableRandom(1));
    var candidates =
        List.<ExpertState>of(
            StaticExpertState.idle(expert("a", 3, 0)), StaticExpertState.idle(expert("b", 1, 0)));

    Decision d = s.decide(REQUEST, Candidates.of(candidates));

    assertThat(d.expert()).isEqualTo("b");
    assertThat(d.fallbacks()).containsExactly("a");
  }

  @Test
  void fallsBackToTheNextPriorityWhenTheBestTierIsDown() {
    var s = new WeightedStrategy(WeightedParams.DEFAULT, new SplittableRandom(7));
    var candidates =
        List.<ExpertState>of(
            down(expert("a", 1, 0)), StaticExpertState.idle(expert("backup", 1, 1)));

    Decision d = s.decide(REQUEST, Candidates.of(candidates));

    assertThat(d.expert()).isEqualTo("backup");
    assertThat(d.reason()).isEqualTo("priority-fallback");
    assertThat(d.fallbacks()).isEmpty();
  }

  @Test
  void canaryGetsItsPercentageAndIsOtherwiseOutOfRotation() {
    var params = new WeightedParams(null, new WeightedParams.CanaryParams("new", 10.0), null);
    var s = new WeightedStrategy(params, new SplittableRandom(3));
    var candidates =
        List.<ExpertState>of(
            StaticExpertState.idle(expert("stable", 1, 0)),
            StaticExpertState.idle(expert("new", 1, 0)));

    Map<String, Integer> counts = shares(s, candidates, 20_000);

    assertThat(counts.get("new") / 20_000.0).isBetween(0.085, 0.115);
    assertThat(counts.get("stable") + counts.get("new")).isEqualTo(20_000);
  }

  @Test
  void leastRequestsScorerShiftsTrafficToTheIdleExpert() {
    var params =
        new WeightedParams(
            null,
            null,
            List.of(
                new WeightedParams.ScorerRef(
                    io.switchboard.router.config.BalanceScorerType.LEAST_REQUESTS, 4.0)));
    var s = new WeightedStrategy(params, new SplittableRandom(5));
    var busy =
        new StaticExpertState(
            expert("busy", 1, 0), true, CircuitState.CLOSED, 30, Double.NaN, Double.NaN);
    var idle = StaticExpertState.idle(expert("idle", 1, 0));

    Map<String, Integer> counts = shares(s, List.of(busy, idle), 10_000);

    assertThat(counts.get("idle")).isGreaterThan(3 * counts.get("busy"));
  }

  @Test
  void noAvailableExpertFailsTheStage() {
    var s = new WeightedStrategy(WeightedParams.DEFAULT, new SplittableRandom(1));
    var candidates = List.<ExpertState>of(down(expert("a", 1, 0)));

    assertThatThrownBy(() -> s.decide(REQUEST, Candidates.of(candidates)))
        .isInstanceOf(NoExpertAvailableException.class);
    assertThat(s.route(REQUEST, Candidates.of(candidates)).toCompletableFuture())
        .isCompletedExceptionally();
  }
}
