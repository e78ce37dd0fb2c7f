package io.switchboard.router.core.strategy.classifier;

/**
 * One example for the linear models: a dense block (standardised embedding and text features)
 * followed by a sparse block (hashed TF-IDF), sharing one weight vector whose last entry is the
 * intercept.
 */
record FeatureRow(double[] dense, int[] sparseIndex, double[] sparseValue) {

  double dot(double[] weights) {
    double z = weights[weights.length - 1];
    for (int j = 0; j < dense.length; j++) {
      z += weights[j] * dense[j];
    }
    int offset = dense.length;
    for (int k = 0; k < sparseIndex.length; k++) {
      z += weights[offset + sparseIndex[k]] * sparseValue[k];
    }
    return z;
  }

  void addScaled(double scale, double[] gradient) {
    for (int j = 0; j < dense.length; j++) {
      gradient[j] += scale * dense[j];
    }
    int offset = dense.length;
    for (int k = 0; k < sparseIndex.length; k++) {
      gradient[offset + sparseIndex[k]] += scale * sparseValue[k];
    }
    gradient[gradient.length - 1] += scale;
  }
}
