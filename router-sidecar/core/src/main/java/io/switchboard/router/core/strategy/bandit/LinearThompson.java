package io.switchboard.router.core.strategy.bandit;

import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Linear Thompson sampling (Agrawal and Goyal, ICML 2013): draw {@code θ̃ₐ ~ N(θₐ, v² Aₐ⁻¹)} per
 * arm and pick {@code argmax θ̃ₐᵀx}.
 */
final class LinearThompson implements ArmSelector {

  private final double scale;

  LinearThompson(double scale) {
    if (scale < 0) {
      throw new IllegalArgumentException("Thompson scale v must be >= 0, got " + scale);
    }
    this.scale = scale;
  }

  @Override
  public String name() {
    return "thompson";
  }

  @Override
  public int choose(List<ArmStatistics> arms, double[] context, RandomGenerator random) {
    double[] scores = new double[arms.size()];
    for (int i = 0; i < scores.length; i++) {
      ArmStatistics arm = arms.get(i);
      double[] theta = arm.theta();
      double[] z = new double[arm.dimension()];
      for (int k = 0; k < z.length; k++) {
        z[k] = random.nextGaussian();
      }
      double[] noise = new Cholesky(arm.inverseCopy(), arm.dimension()).multiplyLower(z);
      double score = 0;
      for (int k = 0; k < theta.length; k++) {
        score += (theta[k] + scale * noise[k]) * context[k];
      }
      scores[i] = score;
    }
    return ArmSelector.argMax(scores);
  }
}
