package io.switchboard.router.core.strategy.cascade;

import static io.switchboard.router.core.strategy.StrategyTestKit.available;
import static io.switchboard.router.core.strategy.StrategyTestKit.down;
import static io.switchboard.router.core.strategy.StrategyTestKit.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.router.core.spi.Candidates;
import io.switchboard.router.core.spi.Decision;
import io.switchboard.router.core.spi.ExpertClient;
import io.switchboard.router.core.spi.ExpertReply;
import io.switchboard.router.core.spi.NoExpertAvailableException;
import io.switchboard.router.core.spi.Verdict;
import io.switchboard.router.core.strategy.judge.AnswerGrader;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CascadeStrategyTest {

  private static ExpertReply reply(String text, double... logprobs) {
    return new ExpertReply("small", text, logprobs, "stop", 10, logprobs.length, false, 100);
  }

  @Test
  void startsWithTheCheapestAvailableAndBoundsTheDepth() {
    CascadeStrategy cascade =
        new CascadeStrategy(
            List.of("tiny", "small", "large", "huge"), 2, 5000, new LogprobConfidence(0.7), true);
    Decision decision =
        cascade.decide(
            Candidates.of(
                List.of(
                    down("tiny"),
                    available("small"),
                    available("large"),
                    available("huge"),
                    available("other"))));
    assertThat(decision.expert()).isEqualTo("small");
    assertThat(decision.escalation().escalateTo()).containsExactly("large");
    assertThat(decision.escalation().maxAddedLatencyMs()).isEqualTo(5000);
    assertThat(decision.escalation().requestLogprobs()).isTrue();
    assertThat(decision.fallbacks()).containsExactly("large", "huge", "other");
    assertThatThrownBy(
            () -> cascade.decide(Candidates.of(List.of(down("tiny"), available("other")))))
        .isInstanceOf(NoExpertAvailableException.class);
  }

  @Test
  void streamFirstStageStreamsTheFirstStageWithoutEscalationOnlyWhenStreaming() {
    Candidates pool = Candidates.of(List.of(available("small"), available("large")));
    CascadeStrategy streaming =
        new CascadeStrategy(
            List.of("small", "large"), 2, 5000, new LogprobConfidence(0.7), true, true);

    Decision streamed = streaming.decide(pool, true);
    assertThat(streamed.expert()).isEqualTo("small");
    assertThat(streamed.reason()).isEqualTo("stream-first-stage");
    assertThat(streamed.escalation()).isNull();
    assertThat(streamed.fallbacks()).containsExactly("large");
    // A buffered (non-streamed) request still cascades.
    assertThat(streaming.decide(pool, false).escalation().escalateTo()).containsExactly("large");
    // buffer-first-stage: a streamed request keeps its escalation plan (the data plane buffers).
    CascadeStrategy buffering =
        new CascadeStrategy(
            List.of("small", "large"), 2, 5000, new LogprobConfidence(0.7), true, false);
    assertThat(buffering.decide(pool, true).escalation().escalateTo()).containsExactly("large");
  }

  @Test
  void logprobConfidenceIsTheGeometricMeanTokenProbability() {
    LogprobConfidence check = new LogprobConfidence(0.7);
    var request = request("r", "q", t -> new float[] {1}, new AtomicInteger());
    // exp(mean(log 0.9, log 0.9)) = 0.9 ≥ 0.7
    Verdict confident =
        check
            .evaluate(request, reply("4", Math.log(0.9), Math.log(0.9)), 0)
            .toCompletableFuture()
            .join();
    assertThat(confident.accept()).isTrue();
    assertThat(confident.confidence())
        .isCloseTo(0.9, org.assertj.core.api.Assertions.within(1e-12));
    // exp(mean(log 0.9, log 0.1)) = 0.3 < 0.7
    Verdict unsure =
        check
            .evaluate(request, reply("5", Math.log(0.9), Math.log(0.1)), 0)
            .toCompletableFuture()
            .join();
    assertThat(unsure.accept()).isFalse();
    assertThat(unsure.reason()).isEqualTo("low-logprob");
    assertThat(check.evaluate(request, reply("x"), 0).toCompletableFuture().join().reason())
        .isEqualTo("no-logprobs");
  }

  @Test
  void judgeScoresAreParsedStrictlyAndFailuresEscalate() {
    AtomicInteger calls = new AtomicInteger();
    String[] judgeSays = {"9"};
    ExpertClient client =
        (expert, messages, maxTokens, timeout) -> {
          calls.incrementAndGet();
          if (judgeSays[0] == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("judge down"));
          }
          return CompletableFuture.completedFuture(
              new ExpertReply(expert, judgeSays[0], new double[0], "stop", 50, 1, false, 20));
        };
    JudgeConfidence judge =
        new JudgeConfidence(new AnswerGrader(client, "judge", Duration.ofSeconds(1)), 0.7);
    var request = request("r", "what is 2+2", t -> new float[] {1}, new AtomicInteger());
    assertThat(judge.evaluate(request, reply("4"), 0).toCompletableFuture().join().accept())
        .isTrue();
    judgeSays[0] = "3/10";
    assertThat(judge.evaluate(request, reply("5"), 0).toCompletableFuture().join().reason())
        .isEqualTo("judge-low");
    judgeSays[0] = "The answer deserves a 9";
    assertThat(judge.evaluate(request, reply("4"), 0).toCompletableFuture().join().reason())
        .isEqualTo("judge-unparseable");
    judgeSays[0] = null;
    assertThat(judge.evaluate(request, reply("4"), 0).toCompletableFuture().join().reason())
        .isEqualTo("judge-failed");
    assertThat(judge.verdict("Score: 10").confidence()).isEqualTo(1.0);
    assertThat(calls).hasValue(4);
  }
}
