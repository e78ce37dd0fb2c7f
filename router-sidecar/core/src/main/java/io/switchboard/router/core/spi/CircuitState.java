package io.switchboard.router.core.spi;

/** Circuit breaker state of an expert. */
public enum CircuitState {
  CLOSED,
  /** Ejected after consecutive failures; receives no traffic until the open period ends. */
  OPEN,
  /** Open period over; the next request is a trial whose outcome closes or re-opens the circuit. */
  HALF_OPEN
}
