package io.switchboard.router.http;

/** Token counts an upstream reported; -1 when it reported none. */
public record UpstreamUsage(long promptTokens, long completionTokens) {
  public static final UpstreamUsage NONE = new UpstreamUsage(-1, -1);

  public boolean present() {
    return promptTokens >= 0 && completionTokens >= 0;
  }
}
