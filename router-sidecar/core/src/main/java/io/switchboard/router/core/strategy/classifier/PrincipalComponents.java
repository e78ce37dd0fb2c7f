package io.switchboard.router.core.strategy.classifier;

import java.util.List;
import java.util.Random;

/**
 * Centred principal components of a set of vectors, by subspace iteration on the covariance matrix
 * (a few dozen multiplications of a d × d matrix; d = 384 for MiniLM). Used to store training
 * embeddings compactly for the neighbour scorer: centring removes the direction every MiniLM vector
 * shares, which sharpens cosine neighbours, and 32 components keep the ranking.
 *
 * @param mean the training mean (length d)
 * @param basis {@code components × d}, orthonormal rows, largest variance first
 */
record PrincipalComponents(float[] mean, float[][] basis) {

  private static final int ITERATIONS = 40;

  static PrincipalComponents fit(List<float[]> vectors, int components, long seed) {
    int d = vectors.get(0).length;
    if (components < 1 || components > d) {
      throw new IllegalArgumentException("components must be in [1, " + d + "], got " + components);
    }
    double[] mean = new double[d];
    for (float[] v : vectors) {
      for (int j = 0; j < d; j++) {
        mean[j] += v[j];
      }
    }
    for (int j = 0; j < d; j++) {
      mean[j] /= vectors.size();
    }
    double[][] covariance = new double[d][d];
    double[] centred = new double[d];
    for (float[] v : vectors) {
      for (int j = 0; j < d; j++) {
        centred[j] = v[j] - mean[j];
      }
      for (int a = 0; a < d; a++) {
        double ca = centred[a];
        double[] row = covariance[a];
        for (int b = a; b < d; b++) {
          row[b] += ca * centred[b];
        }
      }
    }
    for (int a = 0; a < d; a++) {
      for (int b = 0; b < a; b++) {
        covariance[a][b] = covariance[b][a];
      }
    }
    Random random = new Random(seed);
    double[][] q = new double[components][d];
    for (double[] row : q) {
      for (int j = 0; j < d; j++) {
        row[j] = random.nextGaussian();
      }
    }
    orthonormalise(q);
    for (int iteration = 0; iteration < ITERATIONS; iteration++) {
      double[][] next = new double[components][d];
      for (int c = 0; c < components; c++) {
        for (int a = 0; a < d; a++) {
          double sum = 0;
          double[] row = covariance[a];
          for (int b = 0; b < d; b++) {
            sum += row[b] * q[c][b];
          }
          next[c][a] = sum;
        }
      }
      orthonormalise(next);
      q = next;
    }
    float[] meanF = new float[d];
    for (int j = 0; j < d; j++) {
      meanF[j] = (float) mean[j];
    }
    float[][] basis = new float[components][d];
    for (int c = 0; c < components; c++) {
      for (int j = 0; j < d; j++) {
        basis[c][j] = (float) q[c][j];
      }
    }
    return new PrincipalComponents(meanF, basis);
  }

  /**
   * Modified Gram–Schmidt: keeps the order, so the leading rows converge to the leading components.
   */
  private static void orthonormalise(double[][] rows) {
    for (int i = 0; i < rows.length; i++) {
      for (int k = 0; k < i; k++) {
        double dot = 0;
        for (int j = 0; j < rows[i].length; j++) {
          dot += rows[i][j] * rows[k][j];
        }
        for (int j = 0; j < rows[i].length; j++) {
          rows[i][j] -= dot * rows[k][j];
        }
      }
      double norm = 0;
      for (double value : rows[i]) {
        norm += value * value;
      }
      norm = Math.sqrt(norm);
      for (int j = 0; j < rows[i].length; j++) {
        rows[i][j] = norm == 0 ? 0 : rows[i][j] / norm;
      }
    }
  }

  int components() {
    return basis.length;
  }

  /** Centred projection onto the components. */
  float[] project(float[] vector) {
    float[] projected = new float[basis.length];
    for (int c = 0; c < basis.length; c++) {
      double sum = 0;
      float[] row = basis[c];
      for (int j = 0; j < row.length; j++) {
        sum += row[j] * (vector[j] - mean[j]);
      }
      projected[c] = (float) sum;
    }
    return projected;
  }
}
