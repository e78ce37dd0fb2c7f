package io.switchboard.router.core.calibration;

import java.util.Arrays;
import java.util.Comparator;

/**
 * Isotonic calibration: the non-decreasing step function closest in squared error to the observed
 * quality, found by pool-adjacent-violators on the predictions sorted by value. Each pooled block
 * becomes a knot (its mean prediction, its mean observation); between knots the map interpolates
 * linearly and beyond the ends it is flat, so nearby raw predictions keep distinct values and the
 * map stays monotone.
 *
 * @param x knot positions (strictly increasing raw predictions)
 * @param y calibrated value at each knot (non-decreasing)
 */
public record IsotonicMap(double[] x, double[] y) implements QualityCalibrator {

  public IsotonicMap {
    if (x.length == 0 || x.length != y.length) {
      throw new IllegalArgumentException("an isotonic map needs as many values as knots (>= 1)");
    }
    for (int i = 1; i < x.length; i++) {
      if (!(x[i] > x[i - 1]) || y[i] < y[i - 1]) {
        throw new IllegalArgumentException("isotonic knots must increase and values not decrease");
      }
    }
  }

  /** Fits the map to {@code observed} (each in [0, 1], soft labels allowed). */
  public static IsotonicMap fit(double[] predicted, double[] observed) {
    int n = predicted.length;
    if (n == 0 || observed.length != n) {
      throw new IllegalArgumentException("need matching, non-empty predictions and observations");
    }
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Arrays.sort(order, Comparator.comparingDouble(i -> predicted[i]));
    // Blocks on a stack: sum of predictions, sum of observations, weight.
    double[] sumX = new double[n];
    double[] sumY = new double[n];
    int[] weight = new int[n];
    int top = -1;
    for (int k = 0; k < n; k++) {
      int i = order[k];
      top++;
      sumX[top] = predicted[i];
      sumY[top] = observed[i];
      weight[top] = 1;
      // Equal predictions must share one value, and a block whose mean falls below its
      // predecessor's violates monotonicity: pool both.
      while (top > 0
          && (sumY[top] / weight[top] <= sumY[top - 1] / weight[top - 1]
              || sumX[top] / weight[top] <= sumX[top - 1] / weight[top - 1])) {
        sumX[top - 1] += sumX[top];
        sumY[top - 1] += sumY[top];
        weight[top - 1] += weight[top];
        top--;
      }
    }
    double[] x = new double[top + 1];
    double[] y = new double[top + 1];
    for (int b = 0; b <= top; b++) {
      x[b] = sumX[b] / weight[b];
      y[b] = sumY[b] / weight[b];
    }
    return new IsotonicMap(x, y);
  }

  @Override
  public double calibrate(double raw) {
    if (raw <= x[0]) {
      return y[0];
    }
    int last = x.length - 1;
    if (raw >= x[last]) {
      return y[last];
    }
    int found = Arrays.binarySearch(x, raw);
    if (found >= 0) {
      return y[found];
    }
    int upper = -found - 1;
    int lower = upper - 1;
    double t = (raw - x[lower]) / (x[upper] - x[lower]);
    return y[lower] + t * (y[upper] - y[lower]);
  }
}
