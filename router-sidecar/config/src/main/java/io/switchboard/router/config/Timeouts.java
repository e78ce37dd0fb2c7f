package io.switchboard.router.config;

/**
 * Upstream timeouts of one attempt, in milliseconds.
 *
 * @param connectMs TCP/TLS connect (default 2000)
 * @param firstByteMs from sending the request to the upstream response headers (default 30000)
 * @param totalMs whole attempt including the streamed body (default 300000)
 */
public record Timeouts(Long connectMs, Long firstByteMs, Long totalMs) {
  public static final Timeouts DEFAULT = new Timeouts(null, null, null);

  public Timeouts {
    connectMs = connectMs == null ? 2_000L : connectMs;
    firstByteMs = firstByteMs == null ? 30_000L : firstByteMs;
    totalMs = totalMs == null ? 300_000L : totalMs;
  }
}
