package io.switchboard.router.core.strategy.federated;

import java.util.random.RandomGenerator;

/**
 * The Gaussian mechanism (Dwork &amp; Roth, Theorem A.1): adding N(0, σ²) to every coordinate of a
 * query with L2 sensitivity Δ, with {@code σ = Δ·√(2·ln(1.25/δ))/ε}, is (ε, δ)-differentially
 * private. The theorem is proven for ε &lt; 1; larger per-round epsilons keep the formula (the
 * noise shrinks as 1/ε) but not that proof.
 *
 * @param epsilon privacy loss per release, &gt; 0
 * @param delta failure probability, in (0, 1)
 * @param sensitivity L2 sensitivity Δ of the released vector to one record
 */
public record GaussianMechanism(double epsilon, double delta, double sensitivity) {

  /**
   * δ used by every federated policy: well below 1/n for any realistic number of decisions per
   * round.
   */
  public static final double DEFAULT_DELTA = 1e-5;

  public GaussianMechanism {
    if (!(epsilon > 0) || !(delta > 0 && delta < 1) || !(sensitivity > 0)) {
      throw new IllegalArgumentException(
          "need epsilon > 0, 0 < delta < 1, sensitivity > 0; got "
              + epsilon
              + ", "
              + delta
              + ", "
              + sensitivity);
    }
  }

  public double sigma() {
    return sensitivity * Math.sqrt(2 * Math.log(1.25 / delta)) / epsilon;
  }

  /** {@code values} plus independent N(0, σ²) noise per coordinate (a new array). */
  public double[] noised(double[] values, RandomGenerator random) {
    double sigma = sigma();
    double[] out = values.clone();
    for (int i = 0; i < out.length; i++) {
      out[i] += sigma * random.nextGaussian();
    }
    return out;
  }

  public double noised(double value, RandomGenerator random) {
    return value + sigma() * random.nextGaussian();
  }

  /**
   * A symmetric d×d matrix (row-major) plus symmetric noise: one N(0, σ²) draw per upper-triangle
   * entry (diagonal included), mirrored below. The upper triangle is what is released; the lower is
   * a copy.
   */
  public double[] noisedSymmetric(double[] matrix, int d, RandomGenerator random) {
    if (matrix.length != d * d) {
      throw new IllegalArgumentException(
          "matrix has " + matrix.length + " entries, expected " + d * d);
    }
    double sigma = sigma();
    double[] out = matrix.clone();
    for (int i = 0; i < d; i++) {
      for (int j = i; j < d; j++) {
        double noise = sigma * random.nextGaussian();
        out[i * d + j] = matrix[i * d + j] + noise;
        out[j * d + i] = matrix[i * d + j] + noise;
      }
    }
    return out;
  }
}
