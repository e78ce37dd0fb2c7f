/**
 * The {@code weighted} mode: static weights, priority fallback, canary.
 *
 * <p>Algorithm per request:
 *
 * <ol>
 *   <li>Candidates arrive without unavailable experts (unhealthy or circuit open): the data plane
 *       filtered them before the strategy ran ({@code plan.CandidateFilter}).
 *   <li>Canary: if {@code canary} is set and its expert is available, send {@code percent}% of
 *       requests to it (Bernoulli draw per request). The canary expert is otherwise kept out of the
 *       normal rotation.
 *   <li>Priority: among experts with weight &gt; 0, keep the lowest {@code priority} value that has
 *       an available expert. If that is not the best tier among the eligible experts (available or
 *       not), the reason is {@code priority-fallback}.
 *   <li>Score = weight / max weight of the tier, optionally blended with the configured balance
 *       scorers (least-latency, least-requests), and pick at random proportionally to the score.
 *       Without balance scorers, traffic shares converge to the configured weights.
 *   <li>Fallbacks: the rest of the tier by score, then the other available experts by priority and
 *       weight, including weight-0 experts (standbys that only ever serve as fallback).
 * </ol>
 */
package io.switchboard.router.core.strategy.weighted;
