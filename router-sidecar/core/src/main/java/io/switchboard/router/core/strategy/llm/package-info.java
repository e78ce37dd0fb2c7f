/**
 * {@code llm} mode: a router LLM from the pool reads the experts' descriptions and the query and
 * answers {@code {"expert": "<name>"}}; strict parsing, deadline with a fallback mode, and an exact
 * + semantic (embedding cosine) decision cache with TTL and hit counters.
 */
package io.switchboard.router.core.strategy.llm;
