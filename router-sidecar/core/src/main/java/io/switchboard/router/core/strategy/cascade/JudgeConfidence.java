package io.switchboard.router.core.strategy.cascade;

import io.switchboard.router.core.spi.ExpertReply;
import io.switchboard.router.core.spi.RoutingRequest;
import io.switchboard.router.core.spi.Verdict;
import io.switchboard.router.core.strategy.judge.AnswerGrader;
import java.util.OptionalDouble;
import java.util.concurrent.CompletionStage;

/**
 * Confidence from a judge expert ({@link AnswerGrader}: one integer 1–10, confidence = (score − 1)
 * / 9). A judge that fails, times out or answers anything else escalates: the cascade then errs on
 * the side of quality.
 */
final class JudgeConfidence implements StageCheck {
  private final AnswerGrader grader;
  private final double threshold;

  JudgeConfidence(AnswerGrader grader, double threshold) {
    this.grader = grader;
    this.threshold = threshold;
  }

  @Override
  public CompletionStage<Verdict> evaluate(RoutingRequest request, ExpertReply answer, int stage) {
    return grader
        .grade(request.features().promptText(), answer.text())
        .thenApply(this::verdict)
        .exceptionally(failure -> Verdict.escalate(Double.NaN, "judge-failed"));
  }

  Verdict verdict(String judgeText) {
    return verdict(AnswerGrader.parse(judgeText));
  }

  private Verdict verdict(OptionalDouble grade) {
    if (grade.isEmpty()) {
      return Verdict.escalate(Double.NaN, "judge-unparseable");
    }
    double confidence = grade.getAsDouble();
    return confidence >= threshold
        ? Verdict.accept(confidence, "judge-accepted")
        : Verdict.escalate(confidence, "judge-low");
  }
}
