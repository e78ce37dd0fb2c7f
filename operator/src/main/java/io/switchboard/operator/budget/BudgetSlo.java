package io.switchboard.operator.budget;

import io.switchboard.api.v1alpha1.budget.SloTargets;
import io.switchboard.api.v1alpha1.routingpolicy.RoutingPolicyStatus.RoutingSummary;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A Budget's {@code slo} held against what its covered policies' routers measured over their last
 * window: the p95 end-to-end latency and the mean quality grade (the same figures their {@code
 * status.routing} shows). A policy whose window measured neither (no traffic, nothing graded) is
 * not judged, so a quiet minute does not flip the verdict.
 */
final class BudgetSlo {

  /**
   * @param met null when nothing was measured: the previous verdict stands
   */
  record Verdict(Boolean met, String reason, String message) {}

  private BudgetSlo() {}

  /** Empty when the Budget sets no target; otherwise the verdict over {@code summaries}. */
  static Optional<Verdict> judge(SloTargets slo, Map<String, RoutingSummary> summaries) {
    if (slo == null || (slo.p95LatencyMs() == null && slo.minQuality() == null)) {
      return Optional.empty();
    }
    List<String> breaches = new ArrayList<>();
    int latencyJudged = 0;
    int qualityJudged = 0;
    // The figures a kept verdict reports: the worst measured, so the condition says how close.
    double highestP95 = 0;
    double lowestQuality = 1;
    long lowestQualityGrades = 0;
    for (var entry : summaries.entrySet()) {
      RoutingSummary s = entry.getValue();
      if (s == null) {
        continue;
      }
      if (slo.p95LatencyMs() != null && s.latencyP95Ms() != null) {
        latencyJudged++;
        highestP95 = Math.max(highestP95, s.latencyP95Ms());
        if (s.latencyP95Ms() > slo.p95LatencyMs()) {
          breaches.add(
              String.format(
                  Locale.ROOT,
                  "%s: p95 latency %.0f ms > %d ms",
                  entry.getKey(),
                  s.latencyP95Ms(),
                  slo.p95LatencyMs()));
        }
      }
      if (slo.minQuality() != null
          && s.qualityEstimate() != null
          && s.qualityGrades() != null
          && s.qualityGrades() > 0) {
        qualityJudged++;
        if (qualityJudged == 1 || s.qualityEstimate() < lowestQuality) {
          lowestQuality = s.qualityEstimate();
          lowestQualityGrades = s.qualityGrades();
        }
        if (s.qualityEstimate() < slo.minQuality()) {
          breaches.add(
              String.format(
                  Locale.ROOT,
                  "%s: quality %.3f < %.3f (%d grades)",
                  entry.getKey(),
                  s.qualityEstimate(),
                  slo.minQuality(),
                  s.qualityGrades()));
        }
      }
    }
    if (!breaches.isEmpty()) {
      return Optional.of(new Verdict(false, "SloBreached", String.join("; ", breaches)));
    }
    if (latencyJudged == 0 && qualityJudged == 0) {
      return Optional.of(
          new Verdict(
              null,
              "NotMeasured",
              "no covered policy's routers measured "
                  + (slo.p95LatencyMs() == null
                      ? "graded requests"
                      : slo.minQuality() == null ? "latency" : "latency or graded requests")
                  + " in the last window"));
    }
    List<String> kept = new ArrayList<>();
    if (slo.p95LatencyMs() != null) {
      kept.add(
          latencyJudged == 0
              ? "latency not measured"
              : String.format(
                  Locale.ROOT,
                  "p95 latency ≤ %d ms on %s (highest %.0f ms)",
                  slo.p95LatencyMs(),
                  policies(latencyJudged),
                  highestP95));
    }
    if (slo.minQuality() != null) {
      kept.add(
          qualityJudged == 0
              ? "no graded requests"
              : String.format(
                  Locale.ROOT,
                  "quality ≥ %.3f on %s (lowest %.3f, %d grades)",
                  slo.minQuality(),
                  policies(qualityJudged),
                  lowestQuality,
                  lowestQualityGrades));
    }
    return Optional.of(new Verdict(true, "WithinSlo", String.join("; ", kept)));
  }

  private static String policies(int n) {
    return n + (n == 1 ? " policy" : " policies");
  }
}
