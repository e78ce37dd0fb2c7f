package io.switchboard.router.core.strategy.bandit;

/**
 * Cholesky factor {@code L} (lower triangular, {@code M = L Lᵀ}) of a symmetric positive definite
 * matrix: used to invert restored/merged {@code A} matrices and to draw correlated Gaussian samples
 * for Thompson sampling.
 */
final class Cholesky {

  private final int n;
  private final double[] lower;

  Cholesky(double[] matrix, int n) {
    this.n = n;
    this.lower = new double[n * n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j <= i; j++) {
        double sum = matrix[i * n + j];
        for (int k = 0; k < j; k++) {
          sum -= lower[i * n + k] * lower[j * n + k];
        }
        if (i == j) {
          if (sum <= 0) {
            throw new IllegalArgumentException(
                "matrix is not positive definite (pivot " + i + " = " + sum + ")");
          }
          lower[i * n + i] = Math.sqrt(sum);
        } else {
          lower[i * n + j] = sum / lower[j * n + j];
        }
      }
    }
  }

  /** L z for a vector z (maps a standard normal draw to N(0, M)). */
  double[] multiplyLower(double[] z) {
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      double sum = 0;
      for (int k = 0; k <= i; k++) {
        sum += lower[i * n + k] * z[k];
      }
      out[i] = sum;
    }
    return out;
  }

  /** M⁻¹ by solving M X = I column by column. */
  double[] inverse() {
    double[] inverse = new double[n * n];
    double[] column = new double[n];
    for (int c = 0; c < n; c++) {
      java.util.Arrays.fill(column, 0);
      column[c] = 1;
      double[] solved = solve(column);
      for (int r = 0; r < n; r++) {
        inverse[r * n + c] = solved[r];
      }
    }
    return inverse;
  }

  double[] solve(double[] rhs) {
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      double sum = rhs[i];
      for (int k = 0; k < i; k++) {
        sum -= lower[i * n + k] * y[k];
      }
      y[i] = sum / lower[i * n + i];
    }
    double[] x = new double[n];
    for (int i = n - 1; i >= 0; i--) {
      double sum = y[i];
      for (int k = i + 1; k < n; k++) {
        sum -= lower[k * n + i] * x[k];
      }
      x[i] = sum / lower[i * n + i];
    }
    return x;
  }
}
