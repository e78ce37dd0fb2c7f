package io.switchboard.router.core.strategy.classifier;

import java.util.Arrays;

/**
 * Empirical distribution of one scorer's out-of-fold scores on the training prompts, kept as
 * {@value #POINTS} quantiles. {@link #cdf} maps a raw score to its rank in [0, 1], so scores of
 * different scales (a logistic gap, a kNN mean) can be averaged: RouteLLM-style rank averaging,
 * computable per request.
 */
record ScoreQuantiles(float[] quantiles) {

  static final int POINTS = 101;

  static ScoreQuantiles of(double[] scores) {
    if (scores.length == 0) {
      throw new IllegalArgumentException("no scores to take quantiles of");
    }
    double[] sorted = scores.clone();
    Arrays.sort(sorted);
    float[] quantiles = new float[POINTS];
    for (int k = 0; k < POINTS; k++) {
      double position = (sorted.length - 1) * (double) k / (POINTS - 1);
      int lower = (int) Math.floor(position);
      int upper = Math.min(lower + 1, sorted.length - 1);
      quantiles[k] = (float) (sorted[lower] + (position - lower) * (sorted[upper] - sorted[lower]));
    }
    return new ScoreQuantiles(quantiles);
  }

  /**
   * Share of training scores below {@code score}, linearly interpolated between quantiles; ties
   * take the middle.
   */
  double cdf(double raw) {
    double score =
        (float) raw; // compare at the stored precision, so a training score equals its quantile
    int n = quantiles.length;
    if (score < quantiles[0]) {
      return 0;
    }
    if (score > quantiles[n - 1]) {
      return 1;
    }
    int first = 0;
    while (first < n && quantiles[first] < score) {
      first++;
    }
    int last = first;
    while (last + 1 < n && quantiles[last + 1] <= score) {
      last++;
    }
    if (first < n && quantiles[first] == score) {
      return (first + last) / 2.0 / (n - 1);
    }
    // quantiles[first - 1] < score < quantiles[first]
    double lo = quantiles[first - 1];
    double hi = quantiles[first];
    return (first - 1 + (score - lo) / (hi - lo)) / (n - 1);
  }
}
