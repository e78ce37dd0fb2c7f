package io.switchboard.router.config;

/**
 * Per-expert circuit breaker, which is also the passive health check: after {@code
 * consecutiveFailures} failed attempts in a row the expert is ejected for {@code openMs}, then one
 * trial request is let through.
 */
public record CircuitBreakerParams(Integer consecutiveFailures, Long openMs) {
  public static final CircuitBreakerParams DEFAULT = new CircuitBreakerParams(null, null);

  public CircuitBreakerParams {
    consecutiveFailures = consecutiveFailures == null ? 5 : consecutiveFailures;
    openMs = openMs == null ? 10_000L : openMs;
  }
}
