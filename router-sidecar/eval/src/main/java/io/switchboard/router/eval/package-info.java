/**
 * Offline evaluation ({@code switchboard-eval}): replays recorded outcomes through the router's own
 * strategy code without HTTP; RouteLLM's PGR/APGR/CPT, cost per 1k requests, cost–quality frontier,
 * Gini of load, bandit reward and regret, added latency. See docs/routing-evaluation.md.
 */
package io.switchboard.router.eval;
