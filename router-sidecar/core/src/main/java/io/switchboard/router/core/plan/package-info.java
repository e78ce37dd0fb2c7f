/**
 * The request plan: what the router will do with one OpenAI request, decided in plain Java before
 * any byte goes upstream, so it can be unit-tested without HTTP.
 *
 * <p>{@link io.switchboard.router.core.plan.RequestPlanner#admit} checks the budget and the model,
 * and runs the {@link io.switchboard.router.core.plan.CandidateFilter} once (budget downgrade,
 * local-only for offloaded requests, availability). A request for the virtual model's chat endpoint
 * then waits for the strategy ({@link io.switchboard.router.core.plan.AwaitingDecision}); its
 * decision becomes a {@link io.switchboard.router.core.plan.RequestPlan}: the expert, the cascade's
 * escalation steps, the fallback chain, the shadow evaluation and the filter rules that applied.
 * The router app's executor carries the plan out over Vert.x (retries, backoff, streaming,
 * accounting); nothing in this package knows about HTTP.
 */
package io.switchboard.router.core.plan;
