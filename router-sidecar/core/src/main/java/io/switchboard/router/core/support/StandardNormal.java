package io.switchboard.router.core.support;

import java.util.SplittableRandom;

/**
 * Standard normal draws from a {@link SplittableRandom}, which has no {@code nextGaussian} on Java
 * 17.
 */
public final class StandardNormal {

  private StandardNormal() {}

  /**
   * Box–Muller: two uniform draws, in this order, give one normal value (seeded sequences depend on
   * the order).
   */
  public static double draw(SplittableRandom random) {
    double u = 1.0 - random.nextDouble();
    double v = random.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
}
