package io.switchboard.router.core.strategy.judge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.switchboard.router.core.spi.Candidates;
import io.switchboard.router.core.spi.Decision;
import io.switchboard.router.core.spi.ExpertClient;
import io.switchboard.router.core.spi.ExpertReply;
import io.switchboard.router.core.spi.Feedback;
import io.switchboard.router.core.spi.RoutingRequest;
import io.switchboard.router.core.spi.RoutingStrategy;
import io.switchboard.router.core.strategy.StrategyTestKit;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class JudgedFeedbackStrategyTest {
  private final List<Feedback> learned = new CopyOnWriteArrayList<>();
  private final RoutingStrategy learner =
      new RoutingStrategy() {
        @Override
        public String type() {
          return "bandit";
        }

        @Override
        public CompletionStage<Decision> route(RoutingRequest request, Candidates candidates) {
          return CompletableFuture.completedFuture(Decision.of("small", "test", List.of()));
        }

        @Override
        public void feedback(Feedback feedback) {
          learned.add(feedback);
        }
      };
  private final AtomicInteger judgeCalls = new AtomicInteger();
  private String judgeSays = "8";

  private final ExpertClient judgeClient =
      (expert, messages, maxTokens, timeout) -> {
        judgeCalls.incrementAndGet();
        return judgeSays == null
            ? CompletableFuture.failedFuture(new IllegalStateException("judge down"))
            : CompletableFuture.completedFuture(
                new ExpertReply(expert, judgeSays, new double[0], "stop", 40, 1, false, 30));
      };

  private JudgedFeedbackStrategy judged(double percent, RandomGenerator random) {
    return new JudgedFeedbackStrategy(
        learner, new AnswerGrader(judgeClient, "judge", Duration.ofSeconds(1)), percent, random);
  }

  private RoutingRequest request(String id) {
    return StrategyTestKit.request(id, "What is 2+2?", t -> new float[] {1}, new AtomicInteger());
  }

  @Test
  void aGradedAnswerBecomesJudgeFeedbackWithTheRescaledScore() {
    JudgedFeedbackStrategy s = judged(100, new SplittableRandom(1));

    s.answered(request("r1"), "small", "4");

    assertThat(learned)
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.requestId()).isEqualTo("r1");
              assertThat(f.expert()).isEqualTo("small");
              assertThat(f.source()).isEqualTo(Feedback.Source.JUDGE);
              assertThat(f.score().getAsDouble()).isCloseTo(7 / 9.0, within(1e-12));
            });
  }

  @Test
  void unparseableOrFailedGradesAreCountedNotLearned() {
    JudgedFeedbackStrategy s = judged(100, new SplittableRandom(1));
    judgeSays = "The answer deserves an 8";
    s.answered(request("r1"), "small", "4");
    judgeSays = null;
    s.answered(request("r2"), "small", "4");

    assertThat(learned).isEmpty();
    assertThat(value(s, "unparseable")).isEqualTo(1);
    assertThat(value(s, "failed")).isEqualTo(1);
    assertThat(value(s, "graded")).isZero();
  }

  @Test
  void theJudgesOwnAnswersAreNeverGraded() {
    judged(100, new SplittableRandom(1)).answered(request("r1"), "judge", "4");

    assertThat(judgeCalls).hasValue(0);
  }

  @Test
  void gradesTheConfiguredShareOfAnswers() {
    JudgedFeedbackStrategy s = judged(20, new SplittableRandom(7));
    for (int i = 0; i < 5000; i++) {
      s.answered(request("r" + i), "small", "4");
    }

    assertThat(judgeCalls.get() / 5000.0).isCloseTo(0.20, within(0.02));
  }

  @Test
  void noJudgeOrZeroPercentLeavesTheStrategyUnwrapped() {
    AnswerGrader grader = new AnswerGrader(judgeClient, "judge", Duration.ofSeconds(1));
    assertThat(JudgedFeedbackStrategy.wrapIfConfigured(learner, grader, 0, new SplittableRandom(1)))
        .isSameAs(learner);
    assertThat(JudgedFeedbackStrategy.wrapIfConfigured(learner, null, 50, new SplittableRandom(1)))
        .isSameAs(learner);
    assertThat(
            JudgedFeedbackStrategy.wrapIfConfigured(learner, grader, 50, new SplittableRandom(1)))
        .isNotSameAs(learner);
  }

  @Test
  void parsesOnlyALoneScore() {
    assertThat(AnswerGrader.parse("10").getAsDouble()).isEqualTo(1.0);
    assertThat(AnswerGrader.parse(" Score: 1 ").getAsDouble()).isEqualTo(0.0);
    assertThat(AnswerGrader.parse("7/10").getAsDouble()).isCloseTo(6 / 9.0, within(1e-12));
    assertThat(AnswerGrader.parse("11")).isEmpty();
    assertThat(AnswerGrader.parse("0")).isEmpty();
    assertThat(AnswerGrader.parse("8, because it is right")).isEmpty();
    assertThat(AnswerGrader.parse(null)).isEmpty();
  }

  private static double value(RoutingStrategy s, String result) {
    return s.meters().stream()
        .filter(m -> m.tags().equals(Map.of("result", result)))
        .mapToDouble(m -> m.value().getAsDouble())
        .sum();
  }
}
