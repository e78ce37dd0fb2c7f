package io.switchboard.router.core.strategy.classifier;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * Rank averaging of two scorers (as in RouteLLM's ensembles): scale-free, so a logistic gap and a
 * kNN mean can be mixed.
 */
final class RankAverage {

  private RankAverage() {}

  /** Normalised ranks in [0, 1]; ties share their mean rank. */
  static double[] ranks(double[] scores) {
    int n = scores.length;
    Integer[] order = IntStream.range(0, n).boxed().toArray(Integer[]::new);
    Arrays.sort(order, Comparator.comparingDouble(i -> scores[i]));
    double[] ranks = new double[n];
    int start = 0;
    while (start < n) {
      int end = start;
      while (end + 1 < n && scores[order[end + 1]] == scores[order[start]]) {
        end++;
      }
      double rank = n == 1 ? 0.5 : (start + end) / 2.0 / (n - 1);
      for (int k = start; k <= end; k++) {
        ranks[order[k]] = rank;
      }
      start = end + 1;
    }
    return ranks;
  }

  static double[] combine(double[] first, double[] second, double firstWeight) {
    double[] combined = new double[first.length];
    for (int i = 0; i < first.length; i++) {
      combined[i] = firstWeight * first[i] + (1 - firstWeight) * second[i];
    }
    return combined;
  }
}
