package io.switchboard.router.core.strategy.classifier;

import java.util.ArrayList;
import java.util.List;

/**
 * The cost–quality curve a quality target is resolved on. The router's per-request rule {@code
 * argmax_e q̂ₑ − λ · ĉₑ} over every candidate expert is the Lagrangian of "lowest expected cost
 * subject to expected quality ≥ target": for calibrated q̂ each λ is the cheapest way to reach the
 * quality it reaches. {@link #fit} replays the rule for a grid of λ on out-of-fold predictions of
 * the training prompts and records the recorded quality and cost it got; {@link #resolve} then
 * takes the cheapest point at or above a target.
 */
public final class TargetCurve {

  /** λ = 0 (best predicted quality whatever it costs) and a geometric grid from 1e-3 to 100. */
  static double[] thresholdGrid() {
    int steps = 60;
    double[] grid = new double[steps + 2];
    for (int k = 0; k <= steps; k++) {
      grid[k + 1] = 1e-3 * Math.pow(1e5, (double) k / steps);
    }
    return grid;
  }

  /**
   * The outcome of resolving a target.
   *
   * @param threshold λ to route with
   * @param expectedQuality the out-of-fold quality of that point
   * @param expectedCostPerRequestUsd the out-of-fold cost per request of that point
   * @param reachable false when no point reached the target (the best-quality point is returned)
   */
  public record Resolution(
      double threshold,
      double expectedQuality,
      double expectedCostPerRequestUsd,
      boolean reachable) {}

  private TargetCurve() {}

  /**
   * @param predicted calibrated predicted quality, prompt × expert
   * @param recorded recorded quality, prompt × expert, NaN where the expert has no outcome (it then
   *     counts 0: the rule took the risk)
   * @param normalisedCost ĉₑ in [0, 1], as the router uses it
   * @param costPerRequestUsd the experts' mean cost per request
   */
  public static List<RouterModelArtifact.TargetPoint> fit(
      double[][] predicted,
      double[][] recorded,
      double[] normalisedCost,
      double[] costPerRequestUsd,
      double[] thresholds) {
    List<RouterModelArtifact.TargetPoint> curve = new ArrayList<>(thresholds.length);
    int n = predicted.length;
    for (double lambda : thresholds) {
      double quality = 0;
      double cost = 0;
      for (int i = 0; i < n; i++) {
        int best = -1;
        double bestUtility = Double.NEGATIVE_INFINITY;
        for (int e = 0; e < normalisedCost.length; e++) {
          double utility = predicted[i][e] - lambda * normalisedCost[e];
          if (utility > bestUtility) {
            bestUtility = utility;
            best = e;
          }
        }
        double q = recorded[i][best];
        quality += Double.isNaN(q) ? 0 : q;
        cost += costPerRequestUsd[best];
      }
      curve.add(
          new RouterModelArtifact.TargetPoint(
              lambda, n == 0 ? 0 : quality / n, n == 0 ? 0 : cost / n));
    }
    return List.copyOf(curve);
  }

  /** The cheapest point whose quality is at least {@code target}, else the best-quality point. */
  public static Resolution resolve(List<RouterModelArtifact.TargetPoint> curve, double target) {
    if (curve == null || curve.isEmpty()) {
      throw new IllegalArgumentException("the router model has no out-of-fold target curve");
    }
    RouterModelArtifact.TargetPoint cheapest = null;
    RouterModelArtifact.TargetPoint best = null;
    for (RouterModelArtifact.TargetPoint point : curve) {
      if (best == null
          || point.meanQuality() > best.meanQuality()
          || (point.meanQuality() == best.meanQuality()
              && point.costPerRequestUsd() < best.costPerRequestUsd())) {
        best = point;
      }
      if (point.meanQuality() >= target
          && (cheapest == null
              || point.costPerRequestUsd() < cheapest.costPerRequestUsd()
              || (point.costPerRequestUsd() == cheapest.costPerRequestUsd()
                  && point.meanQuality() > cheapest.meanQuality()))) {
        cheapest = point;
      }
    }
    RouterModelArtifact.TargetPoint chosen = cheapest != null ? cheapest : best;
    return new Resolution(
        chosen.threshold(), chosen.meanQuality(), chosen.costPerRequestUsd(), cheapest != null);
  }
}
