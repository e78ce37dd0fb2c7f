package io.switchboard.router.core.strategy.bandit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LinUcbTest {

  private final ContextualBandit bandit =
      new ContextualBandit("linucb", 1.0, 2, 1.0, new SplittableRandom(1));

  @Test
  void oneUpdateMatchesHandComputedRidgeAndWidth() {
    bandit.update("a", new double[] {1, 0}, 1.0);
    // A = [[2,0],[0,1]], b = (1,0): θ = (0.5, 0); at x = (1,1): θᵀx = 0.5, xᵀA⁻¹x = 0.5 + 1 = 1.5.
    assertThat(bandit.theta("a")).containsExactly(new double[] {0.5, 0.0}, within(1e-12));
    assertThat(bandit.upperConfidenceBound("a", new double[] {1, 1}, 1.0))
        .isCloseTo(0.5 + Math.sqrt(1.5), within(1e-12));
  }

  @Test
  void twoUpdatesMatchHandComputedInverse() {
    bandit.update("a", new double[] {1, 0}, 1.0);
    bandit.update("a", new double[] {1, 1}, 0.0);
    // A = [[3,1],[1,2]], det 5, A⁻¹ = [[2,-1],[-1,3]]/5, b = (1,0): θ = (0.4, -0.2).
    assertThat(bandit.theta("a")).containsExactly(new double[] {0.4, -0.2}, within(1e-12));
    // x = (0,1): θᵀx = -0.2, xᵀA⁻¹x = 0.6; α = 2.
    assertThat(bandit.upperConfidenceBound("a", new double[] {0, 1}, 2.0))
        .isCloseTo(-0.2 + 2 * Math.sqrt(0.6), within(1e-12));
  }

  @Test
  void choosesTheArmWithTheHigherBound() {
    for (int i = 0; i < 20; i++) {
      bandit.update("good", new double[] {1, 0}, 1.0);
      bandit.update("bad", new double[] {1, 0}, 0.0);
    }
    assertThat(bandit.choose(new double[] {1, 0}, List.of("bad", "good"))).isEqualTo("good");
    // An untried arm (bound 0 + 1·√1) beats one known to be bad (0 + √(1/21)): it gets explored.
    assertThat(bandit.choose(new double[] {1, 0}, List.of("bad", "new"))).isEqualTo("new");
  }

  @Test
  void learnsAContextDependentChoice() {
    SplittableRandom random = new SplittableRandom(7);
    List<String> arms = List.of("left", "right");
    int correctLate = 0;
    for (int t = 0; t < 2000; t++) {
      boolean leftContext = random.nextBoolean();
      double[] x = leftContext ? new double[] {1, 0} : new double[] {0, 1};
      String chosen = bandit.choose(x, arms);
      boolean good = chosen.equals(leftContext ? "left" : "right");
      bandit.update(chosen, x, good ? 1.0 : 0.0);
      if (t >= 1000 && good) {
        correctLate++;
      }
    }
    assertThat(correctLate).isGreaterThan(950);
  }
}
