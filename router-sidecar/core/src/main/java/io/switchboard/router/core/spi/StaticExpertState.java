package io.switchboard.router.core.spi;

import io.switchboard.router.config.ExpertConfig;

/** Immutable {@link ExpertState} for tests, offline evaluation and replay. */
public record StaticExpertState(
    ExpertConfig config,
    boolean healthy,
    CircuitState circuit,
    int inFlight,
    double latencyEwmaMs,
    double ttftEwmaMs,
    double latencyP95Ms)
    implements ExpertState {

  /** No recent p95 (too few calls to judge), as {@code ExpertRuntime} reports a fresh expert. */
  public StaticExpertState(
      ExpertConfig config,
      boolean healthy,
      CircuitState circuit,
      int inFlight,
      double latencyEwmaMs,
      double ttftEwmaMs) {
    this(config, healthy, circuit, inFlight, latencyEwmaMs, ttftEwmaMs, Double.NaN);
  }

  /** A healthy, idle expert with no latency observations. */
  public static StaticExpertState idle(ExpertConfig config) {
    return new StaticExpertState(config, true, CircuitState.CLOSED, 0, Double.NaN, Double.NaN);
  }
}
