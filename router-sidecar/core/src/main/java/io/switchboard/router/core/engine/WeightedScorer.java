package io.switchboard.router.core.engine;

/** A scorer with its blend weight (≥ 0) and a name for decision reasons. */
public record WeightedScorer(String name, ExpertScorer scorer, double weight) {
  public WeightedScorer {
    if (weight < 0 || Double.isNaN(weight)) {
      throw new IllegalArgumentException("scorer weight must be >= 0: " + weight);
    }
  }
}
