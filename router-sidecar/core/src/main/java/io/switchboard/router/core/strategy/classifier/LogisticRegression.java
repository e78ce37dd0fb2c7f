package io.switchboard.router.core.strategy.classifier;

import java.util.Arrays;
import java.util.List;

/**
 * L2-regularised logistic regression fitted by full-batch gradient descent with Adam. Labels may be
 * soft (in [0, 1]), so graded scores (an MT-Bench judge score rescaled) train the same way as
 * correct/incorrect. Deterministic: zero initialisation, no sampling.
 */
final class LogisticRegression {

  private final double l2;
  private final double sparseL2;
  private final int denseWidth;
  private final int iterations;
  private final double learningRate;

  /**
   * @param l2 L2 strength of the dense block (first {@code denseWidth} weights)
   * @param sparseL2 L2 strength of the sparse (TF-IDF) block: its features are small and many, so
   *     it wants far weaker regularisation than the standardised dense block
   */
  LogisticRegression(
      double l2, double sparseL2, int denseWidth, int iterations, double learningRate) {
    if (l2 < 0 || sparseL2 < 0 || iterations < 1 || learningRate <= 0) {
      throw new IllegalArgumentException("invalid logistic regression hyperparameters");
    }
    this.l2 = l2;
    this.sparseL2 = sparseL2;
    this.denseWidth = denseWidth;
    this.iterations = iterations;
    this.learningRate = learningRate;
  }

  /** Weights of length {@code width + 1}; the last one is the (unregularised) intercept. */
  double[] fit(List<FeatureRow> rows, double[] labels, int width) {
    int n = rows.size();
    double[] w = new double[width + 1];
    double[] m = new double[width + 1];
    double[] v = new double[width + 1];
    double[] gradient = new double[width + 1];
    double beta1 = 0.9;
    double beta2 = 0.999;
    for (int step = 1; step <= iterations; step++) {
      Arrays.fill(gradient, 0);
      for (int i = 0; i < n; i++) {
        FeatureRow row = rows.get(i);
        row.addScaled((sigmoid(row.dot(w)) - labels[i]) / n, gradient);
      }
      double correction1 = 1 - Math.pow(beta1, step);
      double correction2 = 1 - Math.pow(beta2, step);
      for (int j = 0; j <= width; j++) {
        double g =
            j < denseWidth
                ? gradient[j] + l2 * w[j]
                : j < width ? gradient[j] + sparseL2 * w[j] : gradient[j];
        m[j] = beta1 * m[j] + (1 - beta1) * g;
        v[j] = beta2 * v[j] + (1 - beta2) * g * g;
        w[j] -= learningRate * (m[j] / correction1) / (Math.sqrt(v[j] / correction2) + 1e-8);
      }
    }
    return w;
  }

  static double sigmoid(double z) {
    return 1 / (1 + Math.exp(-z));
  }
}
