package io.switchboard.router.core.strategy.bandit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BaselinesTest {

  @Test
  void thompsonAndEpsilonGreedyConvergeOnTheBetterArm() {
    for (String algorithm : List.of("thompson", "epsilon-greedy")) {
      ContextualBandit bandit =
          new ContextualBandit(algorithm, 0.1, 1, 1.0, new SplittableRandom(5));
      SplittableRandom noise = new SplittableRandom(9);
      int goodLate = 0;
      for (int t = 0; t < 1500; t++) {
        String arm = bandit.choose(new double[] {1}, List.of("worse", "better"));
        double mean = arm.equals("better") ? 0.7 : 0.3;
        bandit.update(arm, new double[] {1}, mean + 0.1 * (noise.nextDouble() - 0.5));
        if (t >= 1000 && arm.equals("better")) {
          goodLate++;
        }
      }
      assertThat(goodLate).as(algorithm).isGreaterThan(420);
    }
  }

  @Test
  void unknownAlgorithmIsAnError() {
    assertThatThrownBy(() -> new ContextualBandit("ucb9", 1, 1, 1, new SplittableRandom(1)))
        .hasMessageContaining("unknown bandit algorithm 'ucb9'");
  }

  @Test
  void rewardCombinesDeclaredWeights() {
    RewardFunction weights = new RewardFunction(1.0, 0.5, 0.2, 0.01, 1000);
    // 1·0.8 − 0.5·(0.002/0.01) − 0.2·(500/1000) = 0.8 − 0.1 − 0.1
    assertThat(weights.reward(0.8, 0.002, 500))
        .isCloseTo(0.6, org.assertj.core.api.Assertions.within(1e-12));
  }
}
