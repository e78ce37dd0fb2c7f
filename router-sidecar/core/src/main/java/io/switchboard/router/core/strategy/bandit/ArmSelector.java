package io.switchboard.router.core.strategy.bandit;

import java.util.List;
import java.util.random.RandomGenerator;

/** How a {@link ContextualBandit} picks an arm from the per-arm statistics. */
interface ArmSelector {

  String name();

  /** Index into {@code arms} of the chosen arm. */
  int choose(List<ArmStatistics> arms, double[] context, RandomGenerator random);

  /**
   * Selectable by name from a routing policy: {@code linucb}, {@code thompson}, {@code
   * epsilon-greedy}.
   */
  static ArmSelector named(String name, double explorationParameter) {
    return switch (name) {
      case "linucb" -> new LinUcb(explorationParameter);
      case "thompson" -> new LinearThompson(explorationParameter);
      case "epsilon-greedy" -> new EpsilonGreedy(explorationParameter);
      default ->
          throw new IllegalArgumentException(
              "unknown bandit algorithm '"
                  + name
                  + "' (expected linucb, thompson or epsilon-greedy)");
    };
  }

  static int argMax(double[] scores) {
    int best = 0;
    for (int i = 1; i < scores.length; i++) {
      if (scores[i] > scores[best]) {
        best = i;
      }
    }
    return best;
  }
}
