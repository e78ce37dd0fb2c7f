package io.switchboard.router.core.strategy.classifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class TargetCurveTest {

  /**
   * Three prompts, experts cheap (cost 0.1, ĉ 0) and dear (cost 1.0, ĉ 1). The cheap expert is
   * predicted 0.9 / 0.5 / 0.2 and the dear one 1.0 everywhere; recorded: cheap right only on prompt
   * 0, dear right everywhere.
   */
  private static final double[][] PREDICTED = {{0.9, 1.0}, {0.5, 1.0}, {0.2, 1.0}};

  private static final double[][] RECORDED = {{1, 1}, {0, 1}, {0, 1}};
  private static final double[] NORMALISED = {0, 1};
  private static final double[] COST = {0.1, 1.0};

  @Test
  void replaysTheRuleForEachThreshold() {
    List<RouterModelArtifact.TargetPoint> curve =
        TargetCurve.fit(PREDICTED, RECORDED, NORMALISED, COST, new double[] {0, 0.3, 0.6, 0.9});
    // λ = 0: dear everywhere. λ = 0.3: cheap on prompt 0 (0.9 > 0.7). λ = 0.6: cheap on 0 and 1
    // (0.5 > 0.4). λ = 0.9: cheap everywhere (0.2 > 0.1).
    assertThat(curve)
        .extracting(RouterModelArtifact.TargetPoint::meanQuality)
        .containsExactly(1.0, 1.0, 2 / 3.0, 1 / 3.0);
    assertThat(curve.get(0).costPerRequestUsd()).isCloseTo(1.0, within(1e-12));
    assertThat(curve.get(1).costPerRequestUsd()).isCloseTo(2.1 / 3, within(1e-12));
    assertThat(curve.get(3).costPerRequestUsd()).isCloseTo(0.1, within(1e-12));
  }

  @Test
  void resolvesTheCheapestPointAtOrAboveTheTarget() {
    List<RouterModelArtifact.TargetPoint> curve =
        TargetCurve.fit(PREDICTED, RECORDED, NORMALISED, COST, new double[] {0, 0.3, 0.6, 0.9});
    TargetCurve.Resolution full = TargetCurve.resolve(curve, 0.95);
    assertThat(full.threshold()).isEqualTo(0.3); // same quality as λ = 0, cheaper
    assertThat(full.reachable()).isTrue();
    TargetCurve.Resolution twoThirds = TargetCurve.resolve(curve, 0.6);
    assertThat(twoThirds.threshold()).isEqualTo(0.6);
    assertThat(twoThirds.expectedQuality()).isCloseTo(2 / 3.0, within(1e-12));
    assertThat(TargetCurve.resolve(curve, 0).threshold()).isEqualTo(0.9);
  }

  @Test
  void anUnreachableTargetFallsBackToTheBestQualityAndSaysSo() {
    List<RouterModelArtifact.TargetPoint> curve =
        TargetCurve.fit(
            PREDICTED,
            new double[][] {{1, 0.8}, {0, 0.8}, {0, 0.8}},
            NORMALISED,
            COST,
            new double[] {0, 0.6, 0.9});
    TargetCurve.Resolution resolution = TargetCurve.resolve(curve, 0.9);
    assertThat(resolution.reachable()).isFalse();
    assertThat(resolution.expectedQuality()).isCloseTo(0.8, within(1e-12));
    assertThat(resolution.threshold()).isEqualTo(0.0);
    assertThatThrownBy(() -> TargetCurve.resolve(List.of(), 0.5))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void missingOutcomesCountAsZero() {
    List<RouterModelArtifact.TargetPoint> curve =
        TargetCurve.fit(
            new double[][] {{0.1, 0.9}},
            new double[][] {{1, Double.NaN}},
            NORMALISED,
            COST,
            new double[] {0});
    assertThat(curve.get(0).meanQuality()).isZero();
  }
}
