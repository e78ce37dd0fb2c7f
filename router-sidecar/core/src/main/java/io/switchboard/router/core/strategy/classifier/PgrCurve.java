package io.switchboard.router.core.strategy.classifier;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * RouteLLM's cost–quality curve, computed exactly as its evaluation does so numbers compare.
 *
 * <p>{@code PGR = (q(router) − q(weak)) / (q(strong) − q(weak))}, every quality a mean over the
 * same test prompts. The router's "needs strong" scores are cut into {@value #BINS} equal-count
 * bins; the {@value #BINS}+1 bin edges (linear-interpolated quantiles, as numpy/pandas) are the
 * thresholds; a prompt goes to the strong expert when its score ≥ threshold, and the last threshold
 * routes nothing. APGR is the trapezoid area under PGR over the strong share on a 0–1 axis; CPT(x)
 * is the strong share at which PGR first reaches x, linearly interpolated. A random router has APGR
 * 0.5 and CPT(x) = x.
 */
public final class PgrCurve {

  public static final int BINS = 10;

  private final List<CurvePoint> points;
  private final double strongQuality;
  private final double weakQuality;

  private PgrCurve(List<CurvePoint> points, double strongQuality, double weakQuality) {
    this.points = List.copyOf(points);
    this.strongQuality = strongQuality;
    this.weakQuality = weakQuality;
  }

  /**
   * @param needsStrong router score per prompt (higher: more likely to need the strong expert)
   * @param strong quality of the strong expert per prompt
   * @param weak quality of the weak expert per prompt
   * @param strongCost cost (USD) of the strong expert per prompt
   * @param weakCost cost (USD) of the weak expert per prompt
   */
  public static PgrCurve of(
      double[] needsStrong,
      double[] strong,
      double[] weak,
      double[] strongCost,
      double[] weakCost) {
    int n = needsStrong.length;
    if (n == 0
        || strong.length != n
        || weak.length != n
        || strongCost.length != n
        || weakCost.length != n) {
      throw new IllegalArgumentException(
          "score, quality and cost arrays must be non-empty and of equal length");
    }
    double strongMean = Arrays.stream(strong).average().orElseThrow();
    double weakMean = Arrays.stream(weak).average().orElseThrow();
    double gap = strongMean - weakMean;
    if (gap <= 0) {
      throw new IllegalArgumentException(
          "the strong expert is not better than the weak one on these prompts (gap "
              + gap
              + "): PGR is undefined");
    }
    double[] thresholds = binEdges(needsStrong);
    List<CurvePoint> points = new ArrayList<>(thresholds.length);
    for (int t = 0; t < thresholds.length; t++) {
      boolean routesNothing = t == thresholds.length - 1;
      double quality = 0;
      double cost = 0;
      int strongCalls = 0;
      for (int i = 0; i < n; i++) {
        boolean toStrong = !routesNothing && needsStrong[i] >= thresholds[t];
        if (toStrong) {
          strongCalls++;
          quality += strong[i];
          cost += strongCost[i];
        } else {
          quality += weak[i];
          cost += weakCost[i];
        }
      }
      double mean = quality / n;
      points.add(
          new CurvePoint(
              routesNothing ? Double.POSITIVE_INFINITY : thresholds[t],
              (double) strongCalls / n,
              mean,
              (mean - weakMean) / gap,
              1000 * cost / n));
    }
    points.sort(
        Comparator.comparingDouble(CurvePoint::strongShare).thenComparingDouble(CurvePoint::pgr));
    return new PgrCurve(points, strongMean, weakMean);
  }

  /** Equal-count bin edges: the quantiles 0, 1/BINS, …, 1 with linear interpolation. */
  static double[] binEdges(double[] scores) {
    double[] sorted = scores.clone();
    Arrays.sort(sorted);
    double[] edges = new double[BINS + 1];
    for (int k = 0; k <= BINS; k++) {
      double position = (sorted.length - 1) * (double) k / BINS;
      int lower = (int) Math.floor(position);
      int upper = Math.min(lower + 1, sorted.length - 1);
      edges[k] = sorted[lower] + (position - lower) * (sorted[upper] - sorted[lower]);
    }
    return edges;
  }

  public List<CurvePoint> points() {
    return points;
  }

  public double strongQuality() {
    return strongQuality;
  }

  public double weakQuality() {
    return weakQuality;
  }

  /** Area under PGR over the strong-call share (trapezoids, 0–1 axis). */
  public double apgr() {
    double area = 0;
    for (int i = 1; i < points.size(); i++) {
      CurvePoint left = points.get(i - 1);
      CurvePoint right = points.get(i);
      area += (right.strongShare() - left.strongShare()) * (left.pgr() + right.pgr()) / 2;
    }
    return area;
  }

  /** CPT(x): strong-call share needed to reach PGR x; NaN if the curve never reaches it. */
  public double callsToReach(double pgrTarget) {
    CurvePoint previous = null;
    for (CurvePoint point : points) {
      if (point.pgr() >= pgrTarget) {
        if (previous == null || point.pgr() == previous.pgr()) {
          return point.strongShare();
        }
        double fraction = (pgrTarget - previous.pgr()) / (point.pgr() - previous.pgr());
        return previous.strongShare() + fraction * (point.strongShare() - previous.strongShare());
      }
      previous = point;
    }
    return Double.NaN;
  }
}
