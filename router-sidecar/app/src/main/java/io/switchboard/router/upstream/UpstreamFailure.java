package io.switchboard.router.upstream;

/**
 * Why an upstream attempt failed. All kinds happen before any byte reached the client, so the data
 * plane may retry them; {@link #status()} is the HTTP status for the client if this is the last
 * failure.
 */
public final class UpstreamFailure extends RuntimeException {
  /** Failure kinds; the metric tag {@code kind} is {@link #tag()}. */
  public enum Kind {
    CONNECT("connect", 503),
    FIRST_BYTE_TIMEOUT("first-byte-timeout", 504),
    TOTAL_TIMEOUT("total-timeout", 504),
    RESET("reset", 502),
    STATUS("status", 502),
    INVALID_RESPONSE("invalid-response", 502),
    UNAVAILABLE("unavailable", 503);

    private final String tag;
    private final int status;

    Kind(String tag, int status) {
      this.tag = tag;
      this.status = status;
    }

    public String tag() {
      return tag;
    }
  }

  private final Kind kind;
  private final int upstreamStatus;
  private final long retryAfterSeconds;

  public UpstreamFailure(Kind kind, String message, int upstreamStatus, long retryAfterSeconds) {
    super(message, null, false, false);
    this.kind = kind;
    this.upstreamStatus = upstreamStatus;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  public UpstreamFailure(Kind kind, String message) {
    this(kind, message, 0, 0);
  }

  public Kind kind() {
    return kind;
  }

  /** Status to answer the client with when no fallback succeeded. */
  public int status() {
    if (kind == Kind.STATUS) {
      return upstreamStatus == 429
          ? 429
          : upstreamStatus == 504 ? 504 : upstreamStatus == 503 ? 503 : 502;
    }
    return kind.status;
  }

  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }

  public String tag() {
    return kind == Kind.STATUS ? "status-" + upstreamStatus : kind.tag();
  }

  /**
   * Upstream statuses worth another attempt (elsewhere): overload and server errors, never client
   * errors.
   */
  public static boolean retryableStatus(int status) {
    return status == 429 || status == 500 || status == 502 || status == 503 || status == 504;
  }
}
