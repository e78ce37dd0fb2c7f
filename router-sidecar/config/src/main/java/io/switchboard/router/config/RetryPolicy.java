package io.switchboard.router.config;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Retries of one expert before moving down the fallback chain. A retry only happens while no byte
 * has reached the client (connect errors, 429/502/503/504 from upstream, first-byte timeouts).
 *
 * @param attempts extra attempts on the same expert (0..10, default 1)
 * @param backoffMs base backoff, doubled per attempt with full jitter (default 50)
 * @param maxBackoffMs cap of the doubled backoff (default: no cap)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RetryPolicy(Integer attempts, Long backoffMs, Long maxBackoffMs) {
  public static final RetryPolicy DEFAULT = new RetryPolicy(null, null, null);

  public RetryPolicy {
    attempts = attempts == null ? 1 : attempts;
    backoffMs = backoffMs == null ? 50L : backoffMs;
  }

  /**
   * Upper bound of the jittered backoff before retry number {@code retriesDone + 1}: {@code
   * backoffMs} doubled per retry already made, at most {@code maxBackoffMs}.
   */
  public long backoffCeilingMs(int retriesDone) {
    long doubled = backoffMs << Math.min(retriesDone, 10);
    return maxBackoffMs == null ? doubled : Math.min(doubled, maxBackoffMs);
  }
}
