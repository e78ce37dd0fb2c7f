package io.switchboard.router.core.calibration;

/**
 * Platt scaling on the logit: {@code calibrated = σ(a · logit(raw) + b)}, fitted by Newton's method
 * on the cross-entropy of the observations (soft labels allowed). Two parameters, so it needs far
 * fewer samples than {@link IsotonicMap} but can only correct a predictor that is over- or
 * under-confident in a logistic way.
 *
 * @param slope a
 * @param intercept b
 */
public record PlattMap(double slope, double intercept) implements QualityCalibrator {

  /** Raw predictions are clamped this far from 0 and 1 before the logit. */
  private static final double EPSILON = 1e-6;

  public static PlattMap fit(double[] predicted, double[] observed) {
    int n = predicted.length;
    if (n == 0 || observed.length != n) {
      throw new IllegalArgumentException("need matching, non-empty predictions and observations");
    }
    double[] z = new double[n];
    for (int i = 0; i < n; i++) {
      z[i] = logit(predicted[i]);
    }
    double a = 1;
    double b = 0;
    // A tiny ridge keeps the Hessian invertible when every z is equal or labels separate perfectly.
    double ridge = 1e-6 * n;
    for (int iteration = 0; iteration < 100; iteration++) {
      double ga = ridge * (a - 1);
      double gb = 0;
      double haa = ridge;
      double hab = 0;
      double hbb = ridge;
      for (int i = 0; i < n; i++) {
        double p = sigmoid(a * z[i] + b);
        double r = p - observed[i];
        double w = p * (1 - p);
        ga += r * z[i];
        gb += r;
        haa += w * z[i] * z[i];
        hab += w * z[i];
        hbb += w;
      }
      double det = haa * hbb - hab * hab;
      if (!(det > 0)) {
        break;
      }
      double da = (hbb * ga - hab * gb) / det;
      double db = (haa * gb - hab * ga) / det;
      a -= da;
      b -= db;
      if (Math.abs(da) + Math.abs(db) < 1e-10) {
        break;
      }
    }
    return new PlattMap(a, b);
  }

  @Override
  public double calibrate(double raw) {
    return sigmoid(slope * logit(raw) + intercept);
  }

  private static double logit(double p) {
    double clamped = Math.min(1 - EPSILON, Math.max(EPSILON, p));
    return Math.log(clamped / (1 - clamped));
  }

  private static double sigmoid(double z) {
    return 1 / (1 + Math.exp(-z));
  }
}
