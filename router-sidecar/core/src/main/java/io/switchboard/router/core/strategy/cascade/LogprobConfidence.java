package io.switchboard.router.core.strategy.cascade;

import io.switchboard.router.core.spi.ExpertReply;
import io.switchboard.router.core.spi.RoutingRequest;
import io.switchboard.router.core.spi.Verdict;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Confidence = geometric-mean token probability {@code exp(mean logprob)} of the answer. An answer
 * without logprobs (the upstream does not return them) cannot be judged this way and is accepted
 * with reason {@code no-logprobs}: escalating every such answer would pay twice for nothing
 * learned.
 */
final class LogprobConfidence implements StageCheck {

  private final double threshold;

  LogprobConfidence(double threshold) {
    this.threshold = threshold;
  }

  @Override
  public CompletionStage<Verdict> evaluate(RoutingRequest request, ExpertReply answer, int stage) {
    double[] logprobs = answer.tokenLogprobs();
    if (logprobs == null || logprobs.length == 0) {
      return CompletableFuture.completedFuture(Verdict.accept(Double.NaN, "no-logprobs"));
    }
    double sum = 0;
    for (double logprob : logprobs) {
      sum += logprob;
    }
    double confidence = Math.exp(sum / logprobs.length);
    return CompletableFuture.completedFuture(
        confidence >= threshold
            ? Verdict.accept(confidence, "confident")
            : Verdict.escalate(confidence, "low-logprob"));
  }
}
