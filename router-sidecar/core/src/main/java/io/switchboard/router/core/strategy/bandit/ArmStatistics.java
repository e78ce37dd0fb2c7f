package io.switchboard.router.core.strategy.bandit;

/**
 * Sufficient statistics of one arm's ridge regression: {@code A = λI + Σ x xᵀ}, {@code b = Σ r x},
 * plus pull count and reward sum (for the non-contextual baselines).
 *
 * <p>{@code A⁻¹} is kept up to date with the Sherman–Morrison identity, so a decision or an update
 * costs O(d²) instead of O(d³). The statistics are additive, which is what makes snapshots
 * mergeable across router replicas (see {@link BanditState#merge}).
 */
final class ArmStatistics {

  private final int dimension;
  private final double[] a; // row-major d×d
  private final double[] aInverse; // row-major d×d
  private final double[] b;
  private long pulls;
  private double rewardSum;

  ArmStatistics(int dimension, double ridge) {
    this.dimension = dimension;
    this.a = new double[dimension * dimension];
    this.aInverse = new double[dimension * dimension];
    this.b = new double[dimension];
    for (int i = 0; i < dimension; i++) {
      a[i * dimension + i] = ridge;
      aInverse[i * dimension + i] = 1.0 / ridge;
    }
  }

  static ArmStatistics restore(BanditState.Arm saved, int dimension) {
    ArmStatistics arm = new ArmStatistics(dimension, 1.0);
    if (saved.a().length != dimension * dimension || saved.b().length != dimension) {
      throw new IllegalArgumentException(
          "arm state has dimension " + saved.b().length + ", expected " + dimension);
    }
    System.arraycopy(saved.a(), 0, arm.a, 0, arm.a.length);
    System.arraycopy(saved.b(), 0, arm.b, 0, dimension);
    arm.pulls = saved.pulls();
    arm.rewardSum = saved.rewardSum();
    double[] inverse = new Cholesky(arm.a, dimension).inverse();
    System.arraycopy(inverse, 0, arm.aInverse, 0, inverse.length);
    return arm;
  }

  BanditState.Arm snapshot() {
    return new BanditState.Arm(a.clone(), b.clone(), pulls, rewardSum);
  }

  void update(double[] x, double reward) {
    requireDimension(x);
    // A += x xᵀ ; A⁻¹ -= (A⁻¹x)(A⁻¹x)ᵀ / (1 + xᵀA⁻¹x)
    double[] ax = multiplyInverse(x);
    double denominator = 1.0 + dot(x, ax);
    for (int i = 0; i < dimension; i++) {
      b[i] += reward * x[i];
      for (int j = 0; j < dimension; j++) {
        a[i * dimension + j] += x[i] * x[j];
        aInverse[i * dimension + j] -= ax[i] * ax[j] / denominator;
      }
    }
    pulls++;
    rewardSum += reward;
  }

  /** Ridge estimate θ = A⁻¹ b. */
  double[] theta() {
    return multiplyInverse(b);
  }

  /** xᵀ A⁻¹ x: the (squared) width of the confidence ellipsoid in direction x. */
  double variance(double[] x) {
    requireDimension(x);
    return dot(x, multiplyInverse(x));
  }

  double[] inverseCopy() {
    return aInverse.clone();
  }

  long pulls() {
    return pulls;
  }

  double meanReward() {
    return pulls == 0 ? 0.0 : rewardSum / pulls;
  }

  int dimension() {
    return dimension;
  }

  private double[] multiplyInverse(double[] v) {
    double[] out = new double[dimension];
    for (int i = 0; i < dimension; i++) {
      double sum = 0;
      int row = i * dimension;
      for (int j = 0; j < dimension; j++) {
        sum += aInverse[row + j] * v[j];
      }
      out[i] = sum;
    }
    return out;
  }

  private void requireDimension(double[] x) {
    if (x.length != dimension) {
      throw new IllegalArgumentException(
          "context has dimension " + x.length + ", expected " + dimension);
    }
  }

  static double dot(double[] x, double[] y) {
    double sum = 0;
    for (int i = 0; i < x.length; i++) {
      sum += x[i] * y[i];
    }
    return sum;
  }
}
