package io.switchboard.router.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * Budget state pushed by the operator (which aggregates spend across replicas).
 *
 * @param name Budget resource name, empty when no budget covers the policy
 * @param enforcement what to do once {@code exceeded}: alert (serve normally, metric only),
 *     downgrade (serve only from {@code downgradeTo}, or the cheapest expert when empty), reject
 *     (429)
 * @param exceeded whether the operator currently considers the budget exhausted
 * @param downgradeTo experts allowed while downgraded
 * @param retryAfterSeconds Retry-After sent with 429 when rejecting (default 60)
 * @param p95LatencyMs the strictest p95 latency SLO of the Budgets covering the policy, or null:
 *     strategies choose among experts whose own recent p95 keeps it while one is available (the
 *     others stay fallbacks)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BudgetConfig(
    String name,
    BudgetEnforcement enforcement,
    Boolean exceeded,
    List<String> downgradeTo,
    Long retryAfterSeconds,
    Integer p95LatencyMs) {

  public static final BudgetConfig NONE = new BudgetConfig(null, null, null, null, null, null);

  public BudgetConfig {
    name = name == null ? "" : name;
    enforcement = enforcement == null ? BudgetEnforcement.ALERT : enforcement;
    exceeded = exceeded == null ? Boolean.FALSE : exceeded;
    downgradeTo = downgradeTo == null ? List.of() : List.copyOf(downgradeTo);
    retryAfterSeconds = retryAfterSeconds == null ? 60L : retryAfterSeconds;
  }
}
