package io.switchboard.router.core.plan;

/**
 * No expert can be tried (nothing available, the strategy failed without a policy fallback, or its
 * choice was not allowed): the client gets a 503.
 *
 * @param message why, for the error body
 * @param decided the plan whose chain came out empty (its decision is still reported and fed back
 *     to the strategy), or null when there was no decision
 * @param strategyError the strategy's failure worth a warning (not a plain "nothing available"), or
 *     null
 */
public record Unroutable(String message, RequestPlan decided, String strategyError)
    implements PlanOutcome {}
