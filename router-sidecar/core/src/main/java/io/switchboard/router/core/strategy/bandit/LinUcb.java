package io.switchboard.router.core.strategy.bandit;

import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Disjoint LinUCB (Li, Chu, Langford, Schapire, WWW 2010, Algorithm 1): each arm keeps a ridge
 * regression of reward on context; pick {@code argmax θₐᵀx + α √(xᵀAₐ⁻¹x)}.
 */
final class LinUcb implements ArmSelector {

  private final double alpha;

  LinUcb(double alpha) {
    if (alpha < 0) {
      throw new IllegalArgumentException("LinUCB alpha must be >= 0, got " + alpha);
    }
    this.alpha = alpha;
  }

  @Override
  public String name() {
    return "linucb";
  }

  @Override
  public int choose(List<ArmStatistics> arms, double[] context, RandomGenerator random) {
    double[] scores = new double[arms.size()];
    for (int i = 0; i < scores.length; i++) {
      scores[i] = upperConfidenceBound(arms.get(i), context);
    }
    return ArmSelector.argMax(scores);
  }

  double upperConfidenceBound(ArmStatistics arm, double[] context) {
    return ArmStatistics.dot(arm.theta(), context) + alpha * Math.sqrt(arm.variance(context));
  }
}
