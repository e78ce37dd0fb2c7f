package io.switchboard.router.core.spi;

import java.util.List;
import java.util.Objects;

/**
 * The outcome of routing one request.
 *
 * @param expert expert to call first
 * @param reason short, low-cardinality reason (e.g. {@code weight}, {@code canary}, {@code
 *     priority-fallback}); shown as {@code x-switchboard-decision: <mode>; <reason>}
 * @param fallbacks experts to try, in order, if {@code expert} fails before any byte reached the
 *     client (the data plane then appends the policy's fallback chain)
 * @param escalation optional multi-stage plan (cascade), or null
 */
public record Decision(
    String expert, String reason, List<String> fallbacks, EscalationPlan escalation) {

  public Decision {
    Objects.requireNonNull(expert, "expert");
    Objects.requireNonNull(reason, "reason");
    fallbacks = fallbacks == null ? List.of() : List.copyOf(fallbacks);
  }

  public static Decision of(String expert, String reason, List<String> fallbacks) {
    return new Decision(expert, reason, fallbacks, null);
  }

  public Decision withEscalation(EscalationPlan plan) {
    return new Decision(expert, reason, fallbacks, plan);
  }
}
