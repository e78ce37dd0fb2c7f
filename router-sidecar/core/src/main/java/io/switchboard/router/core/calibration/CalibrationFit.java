package io.switchboard.router.core.calibration;

import java.util.Random;

/**
 * Decides whether and how to calibrate one predictor from its out-of-fold predictions on the
 * training prompts: when their ECE is above {@code maxEce}, isotonic and Platt maps are each scored
 * by two-fold cross-fitting (fit on one half, ECE on the other, and back) and the better one is
 * refitted on every prediction. Cross-fitting keeps the reported after-calibration ECE honest: a
 * map scored on the points it was fitted to (isotonic especially) would look perfect.
 *
 * @param method {@code none}, {@code isotonic} or {@code platt}
 * @param calibrator the fitted map (identity for {@code none})
 * @param samples out-of-fold predictions it was fitted on
 * @param eceBefore ECE of the raw out-of-fold predictions
 * @param eceAfter cross-fitted ECE of the chosen map ({@code eceBefore} for {@code none})
 */
public record CalibrationFit(
    String method, QualityCalibrator calibrator, int samples, double eceBefore, double eceAfter) {

  public static final double DEFAULT_MAX_ECE = 0.05;

  public static CalibrationFit fit(
      double[] predicted, double[] observed, double maxEce, long seed) {
    double before = CalibrationError.of(predicted, observed).ece();
    int n = predicted.length;
    if (before <= maxEce || n < 20) {
      return new CalibrationFit("none", QualityCalibrator.identity(), n, before, before);
    }
    boolean[] half = new boolean[n];
    Random random = new Random(seed);
    for (int i = 0; i < n; i++) {
      half[i] = random.nextBoolean();
    }
    double isotonic = crossFitted(predicted, observed, half, IsotonicMap::fit);
    double platt = crossFitted(predicted, observed, half, PlattMap::fit);
    // Calibrating must actually help out of sample, or the raw predictor is kept.
    if (Math.min(isotonic, platt) >= before) {
      return new CalibrationFit("none", QualityCalibrator.identity(), n, before, before);
    }
    return isotonic <= platt
        ? new CalibrationFit("isotonic", IsotonicMap.fit(predicted, observed), n, before, isotonic)
        : new CalibrationFit("platt", PlattMap.fit(predicted, observed), n, before, platt);
  }

  /** A way to fit a map on predictions and observations. */
  @FunctionalInterface
  interface Fitter {
    QualityCalibrator fit(double[] predicted, double[] observed);
  }

  /** ECE over both halves, each calibrated by a map fitted on the other one. */
  static double crossFitted(double[] predicted, double[] observed, boolean[] half, Fitter fitter) {
    int n = predicted.length;
    double[] calibrated = new double[n];
    for (boolean side : new boolean[] {true, false}) {
      int size = 0;
      for (boolean h : half) {
        size += h == side ? 0 : 1;
      }
      if (size == 0 || size == n) {
        return Double.POSITIVE_INFINITY;
      }
      double[] fitX = new double[size];
      double[] fitY = new double[size];
      int k = 0;
      for (int i = 0; i < n; i++) {
        if (half[i] != side) {
          fitX[k] = predicted[i];
          fitY[k++] = observed[i];
        }
      }
      QualityCalibrator map = fitter.fit(fitX, fitY);
      for (int i = 0; i < n; i++) {
        if (half[i] == side) {
          calibrated[i] = map.calibrate(predicted[i]);
        }
      }
    }
    return CalibrationError.of(calibrated, observed).ece();
  }
}
