/**
 * Load-balancing scorers.
 *
 * <ul>
 *   <li>{@link io.switchboard.router.core.strategy.balance.LeastLatencyScorer}: score = fastest
 *       EWMA latency / this expert's EWMA latency, so the fastest scores 1 and an expert twice as
 *       slow 0.5 (experts without an observation score 1 so they get tried) — the "least time" idea
 *       of NGINX Plus / Envoy's peak EWMA.
 *   <li>{@link io.switchboard.router.core.strategy.balance.LeastRequestsScorer}: score = (min
 *       in-flight + 1) / (in-flight + 1), the weighted least-request balancer of Envoy expressed as
 *       a score.
 * </ul>
 */
package io.switchboard.router.core.strategy.balance;
