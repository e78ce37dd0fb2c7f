package io.switchboard.router.core.strategy.capability;

import static io.switchboard.router.core.strategy.StrategyTestKit.available;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.router.config.Capabilities;
import io.switchboard.router.config.ExpertConfig;
import io.switchboard.router.core.spi.ExpertState;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code costSensitivity} trades capability match for price, on the synchronous core. */
class CapabilityCostSensitivityTest {

  private static final double[] REASONING_NEED = {1, 0, 0, 0, 0};

  private static ExpertState priced(String name, double reasoning, double in, double out) {
    return available(
        new ExpertConfig(
            name,
            name,
            "http://127.0.0.1:1",
            null,
            null,
            in,
            out,
            new Capabilities(reasoning, 0.2, 0.2, 0.5, 0.5),
            "",
            null,
            null,
            null,
            null,
            null));
  }

  private final List<ExpertState> pool =
      List.of(
          priced("frontier", 0.95, 10.0, 30.0), // the best match, $40 per M
          priced("mid", 0.8, 1.0, 3.0), // $4 per M
          priced("small", 0.6, 0.1, 0.3)); // $0.40 per M

  private String choice(double costSensitivity) {
    return new CapabilityStrategy(null, 0.0, costSensitivity).decide(REASONING_NEED, pool).expert();
  }

  @Test
  void withoutCostSensitivityTheClosestMatchWinsWhateverItCosts() {
    assertThat(choice(0)).isEqualTo("frontier");
  }

  @Test
  void risingCostSensitivityMovesTheChoiceToCheaperExperts() {
    // Similarities 0.780, 0.724, 0.619: match 1, 0.652, 0; cheapness 0, 0.5, 1.
    assertThat(choice(0.3)).isEqualTo("frontier");
    assertThat(choice(0.5)).isEqualTo("mid"); // 0.5 * 0.652 + 0.5 * 0.5 beats 0.5 on either side
    assertThat(choice(0.7)).isEqualTo("small");
    assertThat(choice(1.0)).isEqualTo("small");
  }

  @Test
  void fallbacksFollowTheScoreAndMinSimilarityStillFilters() {
    var decision = new CapabilityStrategy(null, 0.0, 1.0).decide(REASONING_NEED, pool);
    assertThat(decision.fallbacks()).containsExactly("mid", "frontier");
    // A threshold above the cheap expert's similarity keeps it out even at full cost sensitivity.
    double smallSimilarity =
        NeedsEstimator.cosine(REASONING_NEED, new Capabilities(0.6, 0.2, 0.2, 0.5, 0.5).toArray());
    var strict = new CapabilityStrategy(null, smallSimilarity + 0.01, 1.0);
    assertThat(strict.decide(REASONING_NEED, pool).expert()).isEqualTo("mid");
  }
}
