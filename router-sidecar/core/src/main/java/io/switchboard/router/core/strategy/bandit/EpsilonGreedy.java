package io.switchboard.router.core.strategy.bandit;

import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Context-free epsilon-greedy baseline: with probability ε a uniformly random arm, otherwise the
 * arm with the best mean reward so far (each arm is tried once first). It ignores the context on
 * purpose: it is the yardstick that shows what the context is worth.
 */
final class EpsilonGreedy implements ArmSelector {

  private final double epsilon;

  EpsilonGreedy(double epsilon) {
    if (epsilon < 0 || epsilon > 1) {
      throw new IllegalArgumentException("epsilon must be in [0, 1], got " + epsilon);
    }
    this.epsilon = epsilon;
  }

  @Override
  public String name() {
    return "epsilon-greedy";
  }

  @Override
  public int choose(List<ArmStatistics> arms, double[] context, RandomGenerator random) {
    if (random.nextDouble() < epsilon) {
      return random.nextInt(arms.size());
    }
    double[] means = new double[arms.size()];
    for (int i = 0; i < means.length; i++) {
      ArmStatistics arm = arms.get(i);
      means[i] = arm.pulls() == 0 ? Double.POSITIVE_INFINITY : arm.meanReward();
    }
    return ArmSelector.argMax(means);
  }
}
