package io.switchboard.router.core.strategy.federated;

import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * The data part of one arm's LinUCB sufficient statistics (no ridge prior): {@code a = Σ x xᵀ}
 * (d×d, row-major, symmetric), {@code b = Σ r x}, the number of pulls and the reward sum. Additive,
 * so deltas subtract and peers' contributions add. Doubles throughout because a noised release has
 * fractional (even negative) counts.
 */
public record ArmAggregate(double[] a, double[] b, double pulls, double rewardSum) {

  public ArmAggregate {
    if (a.length != b.length * b.length) {
      throw new IllegalArgumentException(
          "a has " + a.length + " entries but b has dimension " + b.length);
    }
  }

  public static ArmAggregate zero(int dimension) {
    return new ArmAggregate(new double[dimension * dimension], new double[dimension], 0, 0);
  }

  public int dimension() {
    return b.length;
  }

  public ArmAggregate plus(ArmAggregate other) {
    return new ArmAggregate(
        add(a, other.a, 1), add(b, other.b, 1), pulls + other.pulls, rewardSum + other.rewardSum);
  }

  public ArmAggregate minus(ArmAggregate other) {
    return new ArmAggregate(
        add(a, other.a, -1), add(b, other.b, -1), pulls - other.pulls, rewardSum - other.rewardSum);
  }

  /**
   * One Gaussian-mechanism release of these statistics: symmetric noise on a, noise on b, pulls and
   * reward sum.
   */
  public ArmAggregate noised(GaussianMechanism mechanism, RandomGenerator random) {
    return new ArmAggregate(
        mechanism.noisedSymmetric(a, dimension(), random),
        mechanism.noised(b, random),
        mechanism.noised(pulls, random),
        mechanism.noised(rewardSum, random));
  }

  private static double[] add(double[] x, double[] y, double sign) {
    if (x.length != y.length) {
      throw new IllegalArgumentException("dimension mismatch: " + x.length + " vs " + y.length);
    }
    double[] out = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      out[i] = x[i] + sign * y[i];
    }
    return out;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ArmAggregate other
        && Arrays.equals(a, other.a)
        && Arrays.equals(b, other.b)
        && Double.compare(pulls, other.pulls) == 0
        && Double.compare(rewardSum, other.rewardSum) == 0;
  }

  @Override
  public int hashCode() {
    return 31 * (31 * Arrays.hashCode(a) + Arrays.hashCode(b)) + Double.hashCode(pulls);
  }

  @Override
  public String toString() {
    return "ArmAggregate[d=" + dimension() + ", pulls=" + pulls + ", rewardSum=" + rewardSum + "]";
  }
}
