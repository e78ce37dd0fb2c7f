package io.switchboard.router.core.plan;

import io.switchboard.router.config.ShadowParams;
import io.switchboard.router.core.spi.Candidates;
import io.switchboard.router.core.spi.Decision;

/**
 * Admitted, filtered, waiting for the strategy: the executor calls {@code strategy.route(request,
 * candidates())} (asynchronously) and hands the result to {@link #decided}.
 *
 * @param shadow the policy's shadow when this request is in its sample: the executor also asks the
 *     shadow mode's strategy (same candidates) and compares, without changing what is served; null
 *     otherwise
 */
public record AwaitingDecision(Candidates candidates, RequestPlanner planner, ShadowParams shadow)
    implements PlanOutcome {

  /**
   * @param decision the strategy's decision, or null when it failed
   * @param error the strategy's failure, or null
   * @return a {@link RequestPlan} or an {@link Unroutable}
   */
  public PlanOutcome decided(Decision decision, Throwable error) {
    return planner.decided(decision, error);
  }
}
