package io.switchboard.router.core.engine;

import io.switchboard.router.core.spi.RoutingRequest;
import java.util.List;
import java.util.random.RandomGenerator;

/** Picks at random with probability proportional to score; all-zero scores pick uniformly. */
public final class WeightedRandomPicker implements ExpertPicker {
  private final RandomGenerator random;

  public WeightedRandomPicker(RandomGenerator random) {
    this.random = random;
  }

  @Override
  public int pick(RoutingRequest request, List<ScoredExpert> scored) {
    double sum = 0;
    for (ScoredExpert s : scored) {
      sum += s.score();
    }
    if (sum <= 0) {
      return random.nextInt(scored.size());
    }
    double r = random.nextDouble() * sum;
    for (int i = 0; i < scored.size(); i++) {
      r -= scored.get(i).score();
      if (r < 0) {
        return i;
      }
    }
    return scored.size() - 1;
  }
}
