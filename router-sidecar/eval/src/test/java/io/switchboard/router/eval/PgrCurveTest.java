package io.switchboard.router.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.switchboard.router.core.strategy.classifier.PgrCurve;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PgrCurveTest {

  // Ten prompts; the strong expert is right on all, the weak one on the first five only.
  private static final double[] STRONG = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1};
  private static final double[] WEAK = {1, 1, 1, 1, 1, 0, 0, 0, 0, 0};
  private static final double[] STRONG_COST = {10, 10, 10, 10, 10, 10, 10, 10, 10, 10};
  private static final double[] WEAK_COST = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1};

  @Test
  void oracleScoresGiveTheKnownCurve() {
    double[] oracle = {0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9};
    PgrCurve curve = PgrCurve.of(oracle, STRONG, WEAK, STRONG_COST, WEAK_COST);
    // Thresholds are the deciles; each step routes one more prompt; prompts 5..9 each recover 20%
    // of the gap.
    assertThat(curve.points()).hasSize(11);
    assertThat(curve.points().get(0).strongShare()).isZero();
    assertThat(curve.points().get(0).pgr()).isZero();
    assertThat(curve.points().get(10).strongShare()).isEqualTo(1.0);
    assertThat(curve.points().get(10).pgr()).isCloseTo(1.0, within(1e-12));
    // PGR(s) = min(1, 2s) sampled at s = k/10: area = 0.25 + 0.5 = 0.75.
    assertThat(curve.apgr()).isCloseTo(0.75, within(1e-12));
    assertThat(curve.callsToReach(0.5)).isCloseTo(0.25, within(1e-12));
    assertThat(curve.callsToReach(0.8)).isCloseTo(0.4, within(1e-12));
    assertThat(curve.callsToReach(0.95)).isCloseTo(0.475, within(1e-12));
    // Cost per 1k at 30% strong calls: 1000·(3·10 + 7·1)/10.
    assertThat(curve.points().get(3).costPer1k()).isCloseTo(3700, within(1e-9));
  }

  @Test
  void invertedScoresAreWorseThanRandom() {
    double[] inverted = {0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1, 0};
    PgrCurve curve = PgrCurve.of(inverted, STRONG, WEAK, STRONG_COST, WEAK_COST);
    assertThat(curve.apgr()).isCloseTo(0.25, within(1e-12));
    assertThat(curve.callsToReach(0.5)).isCloseTo(0.75, within(1e-12));
  }

  @Test
  void randomRouterHasApgrNearHalf() {
    SplittableRandom random = new SplittableRandom(11);
    int n = 20_000;
    double[] strong = new double[n];
    double[] weak = new double[n];
    double[] scores = new double[n];
    for (int i = 0; i < n; i++) {
      strong[i] = random.nextDouble() < 0.8 ? 1 : 0;
      weak[i] = random.nextDouble() < 0.6 ? 1 : 0;
      scores[i] = random.nextDouble();
    }
    PgrCurve curve = PgrCurve.of(scores, strong, weak, new double[n], new double[n]);
    assertThat(curve.apgr()).isCloseTo(0.5, within(0.03));
    assertThat(curve.callsToReach(0.5)).isCloseTo(0.5, within(0.05));
  }

  @Test
  void undefinedWhenStrongIsNotBetter() {
    assertThatThrownBy(
            () ->
                PgrCurve.of(
                    new double[] {0, 1},
                    new double[] {0, 0},
                    new double[] {1, 0},
                    new double[2],
                    new double[2]))
        .hasMessageContaining("PGR is undefined");
  }

  @Test
  void giniOfLoad() {
    assertThat(LoadGini.of(List.of(5, 5, 5, 5)).value()).isZero();
    assertThat(LoadGini.of(List.of(0, 0, 0, 8)).value()).isCloseTo(0.75, within(1e-12));
    assertThat(LoadGini.of(List.of(1, 3)).value()).isCloseTo(0.25, within(1e-12));
  }
}
