package io.switchboard.router.core.strategy.judge;

import io.switchboard.router.core.spi.Candidates;
import io.switchboard.router.core.spi.Decision;
import io.switchboard.router.core.spi.DurableLearning;
import io.switchboard.router.core.spi.Feedback;
import io.switchboard.router.core.spi.ReplicaLearning;
import io.switchboard.router.core.spi.RoutingRequest;
import io.switchboard.router.core.spi.RoutingStrategy;
import io.switchboard.router.core.spi.StrategyMeter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.LongAdder;
import java.util.random.RandomGenerator;

/**
 * Implicit quality feedback for a learning strategy: a sample of the answers it routed is graded by
 * a judge expert and the grade reaches the strategy as {@link Feedback.Source#JUDGE} feedback, as
 * if the client had posted it to {@code /v1/feedback}. Routing itself is the delegate's; the judge
 * runs after the client has its answer, so it adds cost (booked by the data plane to tenant {@code
 * router}) but no latency. Answers the judge itself gave are never graded, and a failed or
 * unparseable grade is counted and dropped rather than learned as a zero.
 */
public final class JudgedFeedbackStrategy implements RoutingStrategy {
  private final RoutingStrategy delegate;
  private final AnswerGrader grader;
  private final double sampleFraction;
  private final RandomGenerator random;
  private final LongAdder graded = new LongAdder();
  private final LongAdder ungraded = new LongAdder();
  private final LongAdder failed = new LongAdder();

  public JudgedFeedbackStrategy(
      RoutingStrategy delegate, AnswerGrader grader, double samplePercent, RandomGenerator random) {
    if (samplePercent < 0 || samplePercent > 100) {
      throw new IllegalArgumentException(
          "samplePercent must be within [0, 100], got " + samplePercent);
    }
    this.delegate = delegate;
    this.grader = grader;
    this.sampleFraction = samplePercent / 100.0;
    this.random = random;
  }

  /**
   * Wraps {@code delegate} when a judge and a positive sample rate are configured, else returns it
   * unchanged.
   */
  public static RoutingStrategy wrapIfConfigured(
      RoutingStrategy delegate, AnswerGrader grader, double samplePercent, RandomGenerator random) {
    return grader == null || samplePercent <= 0
        ? delegate
        : new JudgedFeedbackStrategy(delegate, grader, samplePercent, random);
  }

  @Override
  public String type() {
    return delegate.type();
  }

  @Override
  public boolean embedsPrompts() {
    return delegate.embedsPrompts();
  }

  @Override
  public CompletionStage<Decision> route(RoutingRequest request, Candidates candidates) {
    return delegate.route(request, candidates);
  }

  @Override
  public void feedback(Feedback feedback) {
    delegate.feedback(feedback);
  }

  @Override
  public Optional<ReplicaLearning> replicaLearning() {
    return delegate.replicaLearning();
  }

  @Override
  public Optional<DurableLearning> durableLearning() {
    return delegate.durableLearning();
  }

  @Override
  public boolean wantsAnswers() {
    return true;
  }

  @Override
  public void answered(RoutingRequest request, String expert, String answerText) {
    if (delegate.wantsAnswers()) {
      delegate.answered(request, expert, answerText);
    }
    if (expert.equals(grader.judgeExpert()) || random.nextDouble() >= sampleFraction) {
      return;
    }
    grader
        .grade(request.features().promptText(), answerText)
        .whenComplete(
            (grade, error) -> {
              if (error != null) {
                failed.increment();
              } else if (grade.isEmpty()) {
                ungraded.increment();
              } else {
                graded.increment();
                delegate.feedback(
                    new Feedback(
                        request.requestId(),
                        expert,
                        OptionalDouble.of(grade.getAsDouble()),
                        -1,
                        Double.NaN,
                        true,
                        Feedback.Source.JUDGE));
              }
            });
  }

  @Override
  public List<StrategyMeter> meters() {
    String name = "switchboard.router.judge.feedback";
    String help = "Answers sent to the feedback judge, by result";
    List<StrategyMeter> meters =
        new ArrayList<>(
            List.of(
                StrategyMeter.counter(name, help, Map.of("result", "graded"), graded::sum),
                StrategyMeter.counter(name, help, Map.of("result", "unparseable"), ungraded::sum),
                StrategyMeter.counter(name, help, Map.of("result", "failed"), failed::sum)));
    meters.addAll(delegate.meters());
    return meters;
  }

  @Override
  public void close() {
    delegate.close();
  }
}
