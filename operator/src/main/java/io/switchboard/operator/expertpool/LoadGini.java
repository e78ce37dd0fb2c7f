package io.switchboard.operator.expertpool;

import java.util.Collection;
import java.util.Map;

/**
 * How unevenly a pool's experts share its traffic: the Gini coefficient of their request counts
 * over the routers' last read window (0 = every expert equally loaded, approaching 1 = one expert
 * takes everything). Experts that got nothing count as zeros, so a pool whose router never picks
 * half its experts shows it.
 */
final class LoadGini {

  private LoadGini() {}

  /**
   * @param experts every expert of the pool
   * @param requests requests per expert in the window (experts missing here had none)
   * @return the coefficient rounded to 3 decimals, or null when the window had no requests
   */
  static Double of(Collection<String> experts, Map<String, Long> requests) {
    int n = experts.size();
    double[] x = new double[n];
    double total = 0;
    int i = 0;
    for (String expert : experts) {
      x[i] = Math.max(0, requests.getOrDefault(expert, 0L));
      total += x[i++];
    }
    if (n == 0 || total == 0) {
      return null;
    }
    double absoluteDifferences = 0;
    for (double a : x) {
      for (double b : x) {
        absoluteDifferences += Math.abs(a - b);
      }
    }
    double gini = absoluteDifferences / (2.0 * n * total);
    return Math.round(gini * 1000) / 1000.0;
  }
}
