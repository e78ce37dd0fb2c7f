package io.switchboard.router.core.calibration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class CalibrationMathTest {

  @Test
  void eceIsTheCountWeightedGapOfEqualWidthBins() {
    // Bin [0.1, 0.2): predictions 0.1, 0.1 observed 0, 1 -> gap |0.1 - 0.5| = 0.4, weight 2/4.
    // Bin [0.9, 1.0]: predictions 0.9, 1.0 observed 1, 1 -> gap |0.95 - 1| = 0.05, weight 2/4.
    CalibrationError error =
        CalibrationError.of(new double[] {0.1, 0.1, 0.9, 1.0}, new double[] {0, 1, 1, 1});
    assertThat(error.ece()).isCloseTo(0.5 * 0.4 + 0.5 * 0.05, within(1e-12));
    assertThat(error.bins()).hasSize(10);
    assertThat(error.bins().get(1).count()).isEqualTo(2);
    assertThat(error.bins().get(9).count()).isEqualTo(2); // 1.0 falls in the last, closed bin
    assertThat(error.bins().get(9).meanPredicted()).isCloseTo(0.95, within(1e-12));
    assertThat(error.bins().get(5).count()).isZero();
    assertThat(error.bins().get(5).meanObserved()).isNaN();
  }

  @Test
  void aCalibratedPredictorHasSmallEceAndAnOverconfidentOneLarge() {
    Random random = new Random(1);
    int n = 20_000;
    double[] p = new double[n];
    double[] calibratedLabels = new double[n];
    double[] overconfident = new double[n];
    for (int i = 0; i < n; i++) {
      p[i] = random.nextDouble();
      calibratedLabels[i] = random.nextDouble() < p[i] ? 1 : 0;
      // The truth is only half as extreme as the prediction says.
      overconfident[i] = random.nextDouble() < 0.25 + 0.5 * p[i] ? 1 : 0;
    }
    assertThat(CalibrationError.of(p, calibratedLabels).ece()).isLessThan(0.02);
    // Expected gap |p - (0.25 + 0.5p)| = |0.5p - 0.25| averages 0.125 over p ~ U(0, 1).
    assertThat(CalibrationError.of(p, overconfident).ece()).isCloseTo(0.125, within(0.02));
  }

  @Test
  void isotonicPoolsViolatorsIntoTheLeastSquaresMonotoneFit() {
    // Classic PAV example: observations 1, 3, 2, 4 at increasing x pool (3, 2) into 2.5.
    IsotonicMap map = IsotonicMap.fit(new double[] {0.1, 0.2, 0.3, 0.4}, new double[] {1, 3, 2, 4});
    assertThat(map.y()).containsExactly(1, 2.5, 4);
    assertThat(map.x()).containsExactly(0.1, 0.25, 0.4);
    assertThat(map.calibrate(0.0)).isEqualTo(1);
    assertThat(map.calibrate(0.25)).isEqualTo(2.5);
    assertThat(map.calibrate(0.325)).isCloseTo(3.25, within(1e-12)); // halfway between knots
    assertThat(map.calibrate(0.9)).isEqualTo(4);
  }

  @Test
  void isotonicGivesTiedPredictionsOneValue() {
    IsotonicMap map = IsotonicMap.fit(new double[] {0.5, 0.5, 0.7}, new double[] {0, 1, 1});
    assertThat(map.x()).containsExactly(0.5, 0.7);
    assertThat(map.y()).containsExactly(0.5, 1);
  }

  @Test
  void plattRecoversALogisticDistortion() {
    // Labels drawn from sigmoid(0.5 * logit(p) - 0.3): Platt should find a ≈ 0.5, b ≈ -0.3.
    Random random = new Random(2);
    int n = 50_000;
    double[] p = new double[n];
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      p[i] = 0.02 + 0.96 * random.nextDouble();
      double z = Math.log(p[i] / (1 - p[i]));
      y[i] = random.nextDouble() < 1 / (1 + Math.exp(-(0.5 * z - 0.3))) ? 1 : 0;
    }
    PlattMap map = PlattMap.fit(p, y);
    assertThat(map.slope()).isCloseTo(0.5, within(0.03));
    assertThat(map.intercept()).isCloseTo(-0.3, within(0.03));
    assertThat(map.calibrate(0.5)).isCloseTo(1 / (1 + Math.exp(0.3)), within(0.01));
  }

  @Test
  void calibrationIsFittedOnlyWhereEceIsAboveTheLimitAndThenLowersIt() {
    Random random = new Random(3);
    int n = 5_000;
    double[] p = new double[n];
    double[] calibratedLabels = new double[n];
    double[] overconfident = new double[n];
    for (int i = 0; i < n; i++) {
      p[i] = random.nextDouble();
      calibratedLabels[i] = random.nextDouble() < p[i] ? 1 : 0;
      overconfident[i] = random.nextDouble() < 0.25 + 0.5 * p[i] ? 1 : 0;
    }
    CalibrationFit kept = CalibrationFit.fit(p, calibratedLabels, 0.05, 1);
    assertThat(kept.method()).isEqualTo("none");
    assertThat(kept.calibrator().calibrate(0.3)).isEqualTo(0.3);

    CalibrationFit fitted = CalibrationFit.fit(p, overconfident, 0.05, 1);
    assertThat(fitted.method()).isIn("isotonic", "platt");
    assertThat(fitted.eceBefore()).isGreaterThan(0.1);
    assertThat(fitted.eceAfter()).isLessThan(0.04);
    assertThat(fitted.calibrator().calibrate(0.9)).isCloseTo(0.7, within(0.06));
    // Applying the map to the predictions it was fitted on must bring the ECE under the limit.
    double[] mapped = new double[n];
    for (int i = 0; i < n; i++) {
      mapped[i] = fitted.calibrator().calibrate(p[i]);
    }
    assertThat(CalibrationError.of(mapped, overconfident).ece()).isLessThan(0.05);
  }
}
