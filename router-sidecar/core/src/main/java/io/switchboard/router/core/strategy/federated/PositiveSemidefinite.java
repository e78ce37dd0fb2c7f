package io.switchboard.router.core.strategy.federated;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.RealMatrix;

/**
 * Projects a noised Gram matrix onto the positive semi-definite cone (eigenvalues floored at 0, the
 * nearest PSD matrix in Frobenius norm). A true {@code Σ x xᵀ} is PSD; Gaussian noise can make
 * small eigenvalues negative, and the sum {@code λI + local + Σ peers} must stay positive definite
 * for the Cholesky inverse. Post-processing of a private release costs no privacy.
 */
final class PositiveSemidefinite {

  private PositiveSemidefinite() {}

  static double[] project(double[] symmetric, int d) {
    double[][] rows = new double[d][d];
    for (int i = 0; i < d; i++) {
      for (int j = 0; j < d; j++) {
        // Average with the transpose: exact symmetry is what the symmetric eigen solver expects.
        rows[i][j] = 0.5 * (symmetric[i * d + j] + symmetric[j * d + i]);
      }
    }
    EigenDecomposition eigen = new EigenDecomposition(new Array2DRowRealMatrix(rows, false));
    double[] values = eigen.getRealEigenvalues();
    RealMatrix vectors = eigen.getV();
    double[] out = new double[d * d];
    for (int k = 0; k < d; k++) {
      double lambda = values[k];
      if (lambda <= 0) {
        continue;
      }
      for (int i = 0; i < d; i++) {
        double vi = vectors.getEntry(i, k) * lambda;
        for (int j = 0; j < d; j++) {
          out[i * d + j] += vi * vectors.getEntry(j, k);
        }
      }
    }
    return out;
  }

  /**
   * The peer aggregate made usable: {@code A + shift·I} projected to PSD, non-negative pull count
   * and reward sum.
   */
  static ArmAggregate usable(ArmAggregate noised, double shift) {
    int d = noised.dimension();
    double[] shifted = noised.a().clone();
    for (int i = 0; i < d; i++) {
      shifted[i * d + i] += shift;
    }
    return new ArmAggregate(
        project(shifted, d),
        noised.b().clone(),
        Math.max(0, noised.pulls()),
        Math.max(0, noised.rewardSum()));
  }
}
