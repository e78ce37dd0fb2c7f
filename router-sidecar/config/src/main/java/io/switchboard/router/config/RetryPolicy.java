package io.switchboard.router.config;

/**
 * Retries of one expert before moving down the fallback chain. A retry only happens while no byte
 * has reached the client (connect errors, 429/502/503/504 from upstream, first-byte timeouts).
 *
 * @param attempts extra attempts on the same expert (0..10, default 1)
 * @param backoffMs base backoff, doubled per attempt with full jitter (default 50)
 */
public record RetryPolicy(Integer attempts, Long backoffMs) {
  public static final RetryPolicy DEFAULT = new RetryPolicy(null, null);

  public RetryPolicy {
    attempts = attempts == null ? 1 : attempts;
    backoffMs = backoffMs == null ? 50L : backoffMs;
  }
}
