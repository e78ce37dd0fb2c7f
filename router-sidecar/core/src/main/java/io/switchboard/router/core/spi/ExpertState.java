package io.switchboard.router.core.spi;

import io.switchboard.router.config.ExpertConfig;

/**
 * Live view of one expert as the data plane sees it. Values may change between calls (they are read
 * from atomic counters), so a strategy that needs a consistent view should read each value once.
 */
public interface ExpertState {

  ExpertConfig config();

  default String name() {
    return config().name();
  }

  /** Active health check passing (true when the expert has no health path). */
  boolean healthy();

  /**
   * Circuit breaker state; only {@link CircuitState#CLOSED} and a {@link CircuitState#HALF_OPEN}
   * trial take traffic.
   */
  CircuitState circuit();

  /** True when the expert may receive a request now: healthy and circuit not open. */
  default boolean available() {
    return healthy() && circuit() != CircuitState.OPEN;
  }

  /** Requests currently in flight to this expert from this router. */
  int inFlight();

  /**
   * Exponentially weighted mean total latency of successful calls in ms; NaN before the first
   * observation.
   */
  double latencyEwmaMs();

  /**
   * Exponentially weighted mean time to first byte/token in ms; NaN before the first observation.
   */
  double ttftEwmaMs();

  /**
   * p95 total latency of recent successful calls in ms ({@code engine.LatencyWindow}); NaN while
   * there are too few to judge, and for states that do not track it.
   */
  default double latencyP95Ms() {
    return Double.NaN;
  }
}
