package io.switchboard.operator.routingpolicy;

import io.switchboard.api.v1alpha1.common.ConditionTypes;
import io.switchboard.api.v1alpha1.routingpolicy.RoutingPolicy;
import io.switchboard.api.v1alpha1.routingpolicy.RoutingPolicyStatus;
import io.switchboard.api.v1alpha1.routingpolicy.RoutingPolicyStatus.ShadowSummary;
import io.switchboard.api.v1alpha1.routingpolicy.ShadowSpec;
import io.switchboard.operator.support.ConditionWriter;
import java.util.Locale;
import java.util.Map;

/**
 * Turns the routers' shadow counters into {@code status.shadow} and the {@code ShadowBetter}
 * condition. Pure: it reads the readings the collector already holds, never a router.
 *
 * <p>Quality is estimated, not observed per request: a client grades only the answer it received,
 * so each expert's mean grade (feedback and cascade judge grades, {@link ShadowCounters#grades()})
 * stands for any answer of that expert, and each mode's quality is that mean weighted by how often
 * the mode chose the expert. Only samples whose two experts both have grades count ({@code
 * gradedSamples}). {@code ShadowBetter} is True when at least {@code shadow.minSamples} samples are
 * graded, the shadow's cost per 1,000 requests is lower, and its estimated quality is not lower.
 * The operator never promotes: that is an edit of {@code spec.mode}.
 */
public final class ShadowAssessment {

  static final int DEFAULT_MIN_SAMPLES = 200;

  private final ConditionWriter conditions;

  public ShadowAssessment(ConditionWriter conditions) {
    this.conditions = conditions;
  }

  /**
   * Writes {@code status.shadow} and {@code ShadowBetter} from {@code readings}; without a shadow
   * in the spec, removes both.
   */
  public void writeTo(RoutingPolicy policy, RouterReadings readings, RoutingPolicyStatus status) {
    ShadowSpec spec = policy.getSpec().shadow();
    if (spec == null) {
      status.setShadow(null);
      status.getConditions().removeIf(c -> ConditionTypes.SHADOW_BETTER.equals(c.getType()));
      return;
    }
    ShadowCounters counters = ShadowCounters.EMPTY;
    for (RouterReadings.Replica replica : readings.replicas()) {
      counters = counters.plus(replica.metrics().shadow());
    }
    ShadowSummary summary = summarise(spec, counters);
    status.setShadow(summary);
    Verdict verdict = verdict(spec, summary);
    conditions.set(
        policy,
        status,
        ConditionTypes.SHADOW_BETTER,
        verdict.better(),
        verdict.reason(),
        verdict.message());
  }

  /** The figures of {@code spec.mode}'s samples. */
  static ShadowSummary summarise(ShadowSpec spec, ShadowCounters counters) {
    String mode = spec.mode().wireName();
    double samples = 0;
    double agreed = 0;
    double graded = 0;
    double servedQuality = 0;
    double shadowQuality = 0;
    for (Map.Entry<ShadowCounters.Choice, Double> e : counters.samples().entrySet()) {
      ShadowCounters.Choice choice = e.getKey();
      if (!choice.shadowMode().equals(mode)) {
        continue;
      }
      double n = e.getValue();
      samples += n;
      if (choice.served().equals(choice.shadow())) {
        agreed += n;
      }
      ShadowCounters.Grades served = counters.grades().get(choice.served());
      ShadowCounters.Grades shadow = counters.grades().get(choice.shadow());
      if (served != null && shadow != null && served.count() > 0 && shadow.count() > 0) {
        graded += n;
        servedQuality += n * served.mean();
        shadowQuality += n * shadow.mean();
      }
    }
    long grades = Math.round(counters.grades().values().stream().mapToDouble(g -> g.count()).sum());
    Double servedQ = graded > 0 ? servedQuality / graded : null;
    Double shadowQ = graded > 0 ? shadowQuality / graded : null;
    return new ShadowSummary(
        spec.mode(),
        Math.round(samples),
        samples > 0 ? agreed / samples : null,
        per1k(counters.servedCostUsd().get(mode), samples),
        per1k(counters.shadowCostUsd().get(mode), samples),
        Math.round(counters.mirrored().getOrDefault(mode, 0.0)),
        Math.round(graded),
        grades,
        servedQ,
        shadowQ,
        graded > 0 ? shadowQ - servedQ : null,
        Math.round(counters.failures().getOrDefault(mode, 0.0)));
  }

  /** The {@code ShadowBetter} condition's value, reason and message. */
  record Verdict(boolean better, String reason, String message) {}

  static Verdict verdict(ShadowSpec spec, ShadowSummary s) {
    int minSamples = spec.minSamples() == null ? DEFAULT_MIN_SAMPLES : spec.minSamples();
    String mode = spec.mode().wireName();
    if (s.gradedSamples() < minSamples) {
      return new Verdict(
          false,
          "TooFewSamples",
          String.format(
              Locale.ROOT,
              "%d of %d samples needed have quality grades on both experts (%d samples, %d grades)",
              s.gradedSamples(),
              minSamples,
              s.samples(),
              s.grades()));
    }
    String figures =
        String.format(
            Locale.ROOT,
            "shadow %s: $%.4f vs $%.4f per 1k requests, quality %.3f vs %.3f over %d graded samples",
            mode,
            s.shadowCostPer1kRequestsUsd(),
            s.servedCostPer1kRequestsUsd(),
            s.shadowQuality(),
            s.servedQuality(),
            s.gradedSamples());
    if (s.shadowCostPer1kRequestsUsd() >= s.servedCostPer1kRequestsUsd()) {
      return new Verdict(false, "NotCheaper", figures);
    }
    if (s.shadowQuality() < s.servedQuality()) {
      return new Verdict(false, "LowerQuality", figures);
    }
    return new Verdict(
        true,
        "CheaperAtNoWorseQuality",
        figures + "; to promote, set spec.mode: " + mode + " (kubectl edit or patch)");
  }

  private static Double per1k(Double costUsd, double samples) {
    return samples > 0 ? (costUsd == null ? 0.0 : costUsd) / samples * 1000 : null;
  }
}
