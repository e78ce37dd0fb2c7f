package io.switchboard.router.core.strategy.federated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class GaussianMechanismTest {

  @Test
  void sigmaFollowsTheClassicalFormula() {
    // σ = Δ·√(2 ln(1.25/δ))/ε with Δ = 2, δ = 1e-5, ε = 0.1: √(2·ln 125000) = 4.8448...
    GaussianMechanism m = new GaussianMechanism(0.1, 1e-5, 2);
    assertThat(m.sigma()).isCloseTo(2 * Math.sqrt(2 * Math.log(125_000)) / 0.1, within(1e-12));
    assertThat(m.sigma()).isCloseTo(96.897, within(1e-3));
    // Halving epsilon doubles the noise; doubling the sensitivity doubles it too.
    assertThat(new GaussianMechanism(0.05, 1e-5, 2).sigma()).isCloseTo(2 * m.sigma(), within(1e-9));
    assertThat(new GaussianMechanism(0.1, 1e-5, 4).sigma()).isCloseTo(2 * m.sigma(), within(1e-9));
  }

  @Test
  void clippingBoundsTheSensitivityAtTwo() {
    double[] x = Clipping.context(new double[] {3, 4, 0});
    assertThat(Math.sqrt(x[0] * x[0] + x[1] * x[1])).isCloseTo(1, within(1e-12));
    assertThat(Clipping.context(new double[] {0.3, 0.4})).containsExactly(0.3, 0.4);
    assertThat(Clipping.reward(-0.7)).isZero();
    assertThat(Clipping.reward(1.8)).isEqualTo(1);
    // One decision's worst-case contribution: ‖xxᵀ‖_F² + ‖rx‖² + 1² + r² with ‖x‖ = 1, r = 1.
    double frobenius = 0;
    for (double xi : x) {
      for (double xj : x) {
        frobenius += xi * xi * xj * xj;
      }
    }
    assertThat(Math.sqrt(frobenius + 1 + 1 + 1)).isCloseTo(Clipping.SENSITIVITY, within(1e-12));
  }

  @Test
  void noiseHasTheExpectedVarianceAndIsSymmetric() {
    GaussianMechanism m =
        new GaussianMechanism(0.1, GaussianMechanism.DEFAULT_DELTA, Clipping.SENSITIVITY);
    SplittableRandom random = new SplittableRandom(42);
    int d = 4;
    int draws = 20_000;
    double sum = 0;
    double sumSquares = 0;
    for (int n = 0; n < draws; n++) {
      double[] noised = m.noisedSymmetric(new double[d * d], d, random);
      for (int i = 0; i < d; i++) {
        for (int j = 0; j < d; j++) {
          assertThat(noised[i * d + j]).isEqualTo(noised[j * d + i]);
        }
      }
      double v = noised[1]; // one off-diagonal entry
      sum += v;
      sumSquares += v * v;
    }
    double mean = sum / draws;
    double variance = sumSquares / draws - mean * mean;
    double sigma2 = m.sigma() * m.sigma();
    // Standard error of the sample variance is σ²·√(2/n) ≈ 1%: 4% is > 3 standard errors.
    assertThat(variance / sigma2).isCloseTo(1.0, within(0.04));
    assertThat(Math.abs(mean)).isLessThan(4 * m.sigma() / Math.sqrt(draws));
  }

  @Test
  void refusesMeaninglessParameters() {
    assertThatThrownBy(() -> new GaussianMechanism(0, 1e-5, 2))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new GaussianMechanism(0.1, 1, 2))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new GaussianMechanism(0.1, 1e-5, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
