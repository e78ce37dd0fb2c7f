package io.switchboard.router.core.strategy.bandit;

import static io.switchboard.router.core.strategy.StrategyTestKit.available;
import static io.switchboard.router.core.strategy.StrategyTestKit.request;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.router.core.features.RequestQueryFeatures;
import io.switchboard.router.core.spi.Candidates;
import io.switchboard.router.core.spi.Decision;
import io.switchboard.router.core.spi.ExpertState;
import io.switchboard.router.core.spi.Feedback;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalDouble;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BanditStrategyTest {

  @TempDir Path dir;

  private final List<ExpertState> experts = List.of(available("maths"), available("prose"));
  private final AtomicInteger embeddings = new AtomicInteger();

  private BanditStrategy strategy(Path stateFile) {
    ContextEncoder encoder = new ContextEncoder(2, 2, 1);
    ContextualBandit bandit =
        new ContextualBandit("linucb", 0.5, encoder.dimension(), 1.0, new SplittableRandom(1));
    return new BanditStrategy(
        bandit,
        encoder,
        new RewardFunction(1, 0, 0, 0.01, 1000),
        new RequestQueryFeatures(),
        new BanditStateFile(stateFile, new ObjectMapper()),
        1000);
  }

  /** Maths prompts embed to (1,0), prose to (0,1); the right expert scores 1, the other 0. */
  private void train(BanditStrategy strategy, int rounds) {
    for (int i = 0; i < rounds; i++) {
      boolean maths = i % 2 == 0;
      String id = "req-" + i;
      Decision decision =
          strategy
              .route(
                  request(
                      id,
                      maths ? "integrate x" : "a sonnet",
                      text ->
                          text.startsWith("integrate") ? new float[] {1, 0} : new float[] {0, 1},
                      embeddings),
                  Candidates.of(experts))
              .toCompletableFuture()
              .join();
      // Outcome feedback first (no score), then the explicit score: the bandit learns once, from
      // the score.
      strategy.feedback(
          new Feedback(
              id,
              decision.expert(),
              OptionalDouble.empty(),
              120,
              0.001,
              true,
              Feedback.Source.OUTCOME));
      double score = decision.expert().equals(maths ? "maths" : "prose") ? 1 : 0;
      strategy.feedback(
          new Feedback(
              id,
              decision.expert(),
              OptionalDouble.of(score),
              120,
              0.001,
              true,
              Feedback.Source.EXPLICIT));
    }
  }

  private String routeOnce(BanditStrategy strategy, String prompt) {
    return strategy
        .route(
            request(
                "probe-" + prompt,
                prompt,
                text -> text.startsWith("integrate") ? new float[] {1, 0} : new float[] {0, 1},
                embeddings),
            Candidates.of(experts))
        .toCompletableFuture()
        .join()
        .expert();
  }

  @Test
  void learnsFromExplicitFeedbackAndSurvivesARestart() {
    Path state = dir.resolve("bandit.json");
    BanditStrategy first = strategy(state);
    train(first, 200);
    assertThat(routeOnce(first, "integrate sin")).isEqualTo("maths");
    assertThat(routeOnce(first, "a limerick")).isEqualTo("prose");
    long pulls = first.snapshot().arms().values().stream().mapToLong(BanditState.Arm::pulls).sum();
    assertThat(pulls).isEqualTo(200);
    first.close();

    BanditStrategy restarted = strategy(state);
    assertThat(restarted.snapshot().arms().get("maths").b())
        .containsExactly(first.snapshot().arms().get("maths").b());
    assertThat(routeOnce(restarted, "integrate cos")).isEqualTo("maths");
  }

  @Test
  void failedRequestsTeachZeroQualityAndUnknownRequestsAreIgnored() {
    BanditStrategy strategy = strategy(dir.resolve("s.json"));
    Decision decision =
        strategy
            .route(
                request("x", "integrate", t -> new float[] {1, 0}, embeddings),
                Candidates.of(experts))
            .toCompletableFuture()
            .join();
    strategy.feedback(
        new Feedback(
            "unknown",
            decision.expert(),
            OptionalDouble.of(1),
            1,
            0,
            true,
            Feedback.Source.EXPLICIT));
    assertThat(strategy.snapshot().arms().values()).allMatch(arm -> arm.pulls() == 0);
    strategy.feedback(
        new Feedback(
            "x", decision.expert(), OptionalDouble.empty(), 1, 0, false, Feedback.Source.OUTCOME));
    assertThat(strategy.snapshot().arms().get(decision.expert()).pulls()).isEqualTo(1);
    assertThat(strategy.snapshot().arms().get(decision.expert()).rewardSum()).isZero();
  }
}
