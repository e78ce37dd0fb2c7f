package io.switchboard.router.eval;

import java.util.Arrays;
import java.util.Collection;

/**
 * Gini coefficient of traffic across experts: 0 when every expert gets the same share, (n−1)/n when
 * one expert gets everything. Experts that got nothing must be included as 0.
 */
public record LoadGini(double value) {

  public static LoadGini of(Collection<? extends Number> decisionsPerExpert) {
    double[] counts =
        decisionsPerExpert.stream().mapToDouble(Number::doubleValue).sorted().toArray();
    int n = counts.length;
    double total = Arrays.stream(counts).sum();
    if (n == 0 || total == 0) {
      return new LoadGini(0);
    }
    // G = Σᵢ (2i − n − 1) xᵢ / (n Σ x), x sorted ascending, i from 1.
    double weighted = 0;
    for (int i = 0; i < n; i++) {
      weighted += (2.0 * (i + 1) - n - 1) * counts[i];
    }
    return new LoadGini(weighted / (n * total));
  }
}
