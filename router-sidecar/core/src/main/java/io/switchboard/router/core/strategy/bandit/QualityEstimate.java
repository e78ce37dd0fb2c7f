package io.switchboard.router.core.strategy.bandit;

import java.util.HashMap;
import java.util.Map;

/**
 * The bandit's predicted quality of an arm's answer: a per-arm ridge regression of the quality
 * grades alone (explicit or judge feedback, 0 for a failed request) on the same context the bandit
 * decides on. Kept apart from the bandit's own statistics because those learn the policy's reward
 * (quality, cost and latency weighted), which is not a quality; and local to this replica, since it
 * only reports and never decides. Least squares on 0/1 grades estimates the conditional mean, so
 * the prediction is calibrated in the mean once an arm has feedback; it is clamped to [0, 1] and
 * reported only after {@value #MIN_OBSERVATIONS} grades.
 */
final class QualityEstimate {

  static final int MIN_OBSERVATIONS = 5;

  private final int dimension;
  private final double ridge;
  private final Map<String, ArmStatistics> arms = new HashMap<>();

  QualityEstimate(int dimension, double ridge) {
    this.dimension = dimension;
    this.ridge = ridge;
  }

  /** Predicted quality of {@code arm} in this context, or NaN before enough grades. */
  synchronized double predict(String arm, double[] context) {
    ArmStatistics statistics = arms.get(arm);
    if (statistics == null || statistics.pulls() < MIN_OBSERVATIONS) {
      return Double.NaN;
    }
    return Math.min(1, Math.max(0, ArmStatistics.dot(statistics.theta(), context)));
  }

  synchronized void learn(String arm, double[] context, double quality) {
    arms.computeIfAbsent(arm, ignored -> new ArmStatistics(dimension, ridge))
        .update(context, quality);
  }
}
