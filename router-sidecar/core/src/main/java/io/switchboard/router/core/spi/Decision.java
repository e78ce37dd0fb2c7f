package io.switchboard.router.core.spi;

import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * The outcome of routing one request.
 *
 * @param expert expert to call first
 * @param reason short, low-cardinality reason (e.g. {@code weight}, {@code canary}, {@code
 *     priority-fallback}); shown as {@code x-switchboard-decision: <mode>; <reason>}
 * @param fallbacks experts to try, in order, if {@code expert} fails before any byte reached the
 *     client (the data plane then appends the policy's fallback chain)
 * @param escalation optional multi-stage plan (cascade), or null
 * @param predictedQuality a learned strategy's predicted quality in [0, 1] of {@code expert}'s
 *     answer (calibrated where the strategy calibrates); empty for strategies that predict none
 */
public record Decision(
    String expert,
    String reason,
    List<String> fallbacks,
    EscalationPlan escalation,
    OptionalDouble predictedQuality) {

  public Decision {
    Objects.requireNonNull(expert, "expert");
    Objects.requireNonNull(reason, "reason");
    fallbacks = fallbacks == null ? List.of() : List.copyOf(fallbacks);
    predictedQuality = predictedQuality == null ? OptionalDouble.empty() : predictedQuality;
  }

  public Decision(String expert, String reason, List<String> fallbacks, EscalationPlan escalation) {
    this(expert, reason, fallbacks, escalation, OptionalDouble.empty());
  }

  public static Decision of(String expert, String reason, List<String> fallbacks) {
    return new Decision(expert, reason, fallbacks, null);
  }

  public Decision withEscalation(EscalationPlan plan) {
    return new Decision(expert, reason, fallbacks, plan, predictedQuality);
  }

  /** This decision with the chosen expert's predicted quality (NaN: none). */
  public Decision withPredictedQuality(double quality) {
    return new Decision(
        expert,
        reason,
        fallbacks,
        escalation,
        Double.isNaN(quality) ? OptionalDouble.empty() : OptionalDouble.of(quality));
  }
}
