package io.switchboard.router.core.strategy.federated;

import static io.switchboard.router.core.strategy.StrategyTestKit.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.router.config.InvalidRouterConfigException;
import io.switchboard.router.config.RouterConfig;
import io.switchboard.router.config.RouterConfigCodec;
import io.switchboard.router.core.engine.BuiltInStrategies;
import io.switchboard.router.core.spi.Candidates;
import io.switchboard.router.core.spi.CircuitState;
import io.switchboard.router.core.spi.Decision;
import io.switchboard.router.core.spi.ExpertState;
import io.switchboard.router.core.spi.Feedback;
import io.switchboard.router.core.spi.StaticExpertState;
import io.switchboard.router.core.spi.StrategyContext;
import io.switchboard.router.core.spi.StrategyMeter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.OptionalDouble;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FederatedStrategyTest {

  private static final String PEER = "http://router.eu.example:8080";

  @TempDir Path dir;

  private final AtomicInteger embeddings = new AtomicInteger();

  private RouterConfig config(String localMode) {
    String json =
        """
                {"apiVersion": "switchboard.io/router-config/v1",
                 "policy": {"name": "global", "virtualModel": "global", "mode": "federated",
                   "params": {"bandit": {"contextDims": 4, "stateFile": "%s"},
                              "federated": {"peers": ["%s"], "epsilonPerRound": 0.5, "totalEpsilon": 1.0,
                                            "roundSeconds": 60, "localMode": "%s", "offloadWhenSaturated": true}}},
                 "experts": [
                   {"name": "small", "model": "s", "endpoint": "http://127.0.0.1:9001", "maxConnections": 2},
                   {"name": "large", "model": "l", "endpoint": "http://127.0.0.1:9002", "maxConnections": 2},
                   {"name": "peer-eu", "model": "global", "endpoint": "%s/"}]}
                """
            .formatted(dir.resolve("bandit.json"), PEER, localMode, PEER);
    try {
      return new RouterConfigCodec().parse(json.getBytes(StandardCharsets.UTF_8));
    } catch (InvalidRouterConfigException e) {
      throw new AssertionError(e.getMessage(), e);
    }
  }

  private FederatedStrategy strategy(String localMode) {
    RouterConfig config = config(localMode);
    StrategyContext context =
        new StrategyContext(
            config,
            null,
            null,
            Clock.systemUTC(),
            new SplittableRandom(1),
            dir,
            BuiltInStrategies.catalog());
    return new FederatedStrategyFactory().create(context, new SplittableRandom(2));
  }

  private List<ExpertState> pool(RouterConfig config, int inFlight, CircuitState largeCircuit) {
    return List.of(
        new StaticExpertState(
            config.experts().get(0), true, CircuitState.CLOSED, inFlight, Double.NaN, Double.NaN),
        new StaticExpertState(
            config.experts().get(1), true, largeCircuit, inFlight, Double.NaN, Double.NaN),
        StaticExpertState.idle(config.experts().get(2)));
  }

  private Decision route(FederatedStrategy strategy, String id, List<ExpertState> pool) {
    return strategy
        .route(request(id, "what is 2+2?", text -> unit(384), embeddings), Candidates.of(pool))
        .toCompletableFuture()
        .join();
  }

  private static float[] unit(int n) {
    float[] v = new float[n];
    v[0] = 1;
    return v;
  }

  @Test
  void decidesLocallyAndSharesOnlyLocalArms() {
    FederatedStrategy strategy = strategy("bandit");
    List<ExpertState> pool = pool(config("bandit"), 0, CircuitState.CLOSED);
    for (int i = 0; i < 20; i++) {
      Decision d = route(strategy, "r" + i, pool);
      assertThat(d.expert()).isIn("small", "large");
      assertThat(d.fallbacks()).doesNotContain("peer-eu");
      strategy.feedback(
          new Feedback(
              "r" + i,
              d.expert(),
              OptionalDouble.of(d.expert().equals("large") ? 1 : 0.2),
              100,
              0.001,
              true,
              Feedback.Source.EXPLICIT));
    }
    Federation federation = strategy.federation().orElseThrow();
    assertThat(federation.publishRound()).isEqualTo(PublishOutcome.PUBLISHED);
    FederatedRound round = federation.latestRound().orElseThrow();
    assertThat(round.model().arms()).containsExactly("large", "small");
    assertThat(round.model().dimension()).isEqualTo(4 + 8 + 1);
    assertThat(round.arms()).containsOnlyKeys("large", "small");
    assertThat(strategy.offloads()).isZero();
    assertThat(strategy.meters())
        .extracting(StrategyMeter::name)
        .contains(
            "switchboard.router.federated.rounds.published",
            "switchboard.router.federated.epsilon.remaining",
            "switchboard.router.federated.rounds.merged",
            "switchboard.router.federated.peer.errors",
            "switchboard.router.federated.offloads");
    strategy.close();
    assertThat(dir.resolve("bandit.json")).exists();
    assertThat(dir.resolve("bandit.federation.json")).exists();
  }

  @Test
  void offloadsToAPeerPoolOnlyWhenEveryLocalExpertIsSaturated() {
    FederatedStrategy strategy = strategy("bandit");
    RouterConfig config = config("bandit");
    // One local expert has capacity left: stay local.
    assertThat(route(strategy, "a", pool(config, 1, CircuitState.OPEN)).expert())
        .isEqualTo("small");
    // Circuit open on one, the other at its connection limit: offload.
    Decision offloaded = route(strategy, "b", pool(config, 2, CircuitState.OPEN));
    assertThat(offloaded.expert()).isEqualTo("peer-eu");
    assertThat(offloaded.reason()).isEqualTo("offload");
    assertThat(strategy.offloads()).isEqualTo(1);
  }

  @Test
  void learnsOnceFromTheScoreNotFromTheOutcomeBeforeIt() {
    FederatedStrategy strategy = strategy("bandit");
    FederatedBandit bandit = (FederatedBandit) strategy.federation().orElseThrow();
    Decision d = route(strategy, "q1", pool(config("bandit"), 0, CircuitState.CLOSED));
    strategy.feedback(
        new Feedback(
            "q1", d.expert(), OptionalDouble.empty(), 80, 0.001, true, Feedback.Source.OUTCOME));
    assertThat(bandit.localSnapshot().arms()).isEmpty(); // quality has weight: wait for the score
    strategy.feedback(
        new Feedback(
            "q1",
            d.expert(),
            OptionalDouble.of(0.7),
            -1,
            Double.NaN,
            true,
            Feedback.Source.EXPLICIT));
    strategy.feedback(
        new Feedback(
            "q1",
            d.expert(),
            OptionalDouble.of(0.7),
            -1,
            Double.NaN,
            true,
            Feedback.Source.EXPLICIT));
    assertThat(bandit.localSnapshot().arms().get(d.expert()).pulls()).isEqualTo(1);
    assertThat(bandit.localSnapshot().arms().get(d.expert()).rewardSum())
        .isCloseTo(0.7, org.assertj.core.api.Assertions.within(1e-12));
  }

  @Test
  void aNonLearningLocalModeOnlyOffloads() {
    FederatedStrategy strategy = strategy("weighted");
    assertThat(strategy.federation()).isEmpty();
    for (int i = 0; i < 20; i++) {
      assertThat(
              route(strategy, "w" + i, pool(config("weighted"), 0, CircuitState.CLOSED)).expert())
          .isIn("small", "large");
    }
  }
}
