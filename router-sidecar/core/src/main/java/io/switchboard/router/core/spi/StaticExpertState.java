package io.switchboard.router.core.spi;

import io.switchboard.router.config.ExpertConfig;

/** Immutable {@link ExpertState} for tests, offline evaluation and replay. */
public record StaticExpertState(
    ExpertConfig config,
    boolean healthy,
    CircuitState circuit,
    int inFlight,
    double latencyEwmaMs,
    double ttftEwmaMs)
    implements ExpertState {

  /** A healthy, idle expert with no latency observations. */
  public static StaticExpertState idle(ExpertConfig config) {
    return new StaticExpertState(config, true, CircuitState.CLOSED, 0, Double.NaN, Double.NaN);
  }
}
