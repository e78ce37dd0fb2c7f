package io.switchboard.router.core.plan;

import io.switchboard.router.core.spi.Decision;
import io.switchboard.router.core.spi.EscalationPlan;
import java.util.List;
import java.util.Set;

/**
 * What the executor does with one request.
 *
 * @param mode how the request is served
 * @param modeName label of the decision header and metrics: {@code direct}, {@code embeddings} or
 *     the policy's mode
 * @param decision the decision served
 * @param chain experts to try in order, each allowed by the filter: without escalation, the
 *     decision's expert, its fallbacks, then the policy's fallback chain (retries stay on one
 *     expert before moving on); with escalation, the cascade's stages
 * @param strategyFailure the strategy's failure that made the policy's fallback serve, or null
 * @param filters the filter rules that narrowed the candidates
 * @param answersToStrategy whether the answer the decided expert gives is handed to the strategy (a
 *     strategy decision served as decided: not direct, embeddings or a cascade)
 */
public record RequestPlan(
    PlanMode mode,
    String modeName,
    Decision decision,
    List<String> chain,
    String strategyFailure,
    Set<CandidateFilter.Rule> filters,
    boolean answersToStrategy)
    implements PlanOutcome {

  public RequestPlan {
    chain = List.copyOf(chain);
    filters = Set.copyOf(filters);
  }

  /** The cascade's plan, or null when the chain is a plain fallback chain. */
  public EscalationPlan escalation() {
    return decision.escalation();
  }

  /** Whether outcomes are fed back to the policy's strategy. */
  public boolean feedsStrategy() {
    return mode == PlanMode.STRATEGY;
  }

  /** The reason label of the decision metric. */
  public String metricReason() {
    return decision.reason();
  }
}
