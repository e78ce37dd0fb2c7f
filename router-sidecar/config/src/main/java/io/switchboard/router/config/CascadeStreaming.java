package io.switchboard.router.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * What a cascade does with a {@code stream: true} request, where an answer can only be judged once
 * it is complete.
 */
public enum CascadeStreaming {
  /**
   * Buffer each stage's draft until its confidence is known, escalate when it is low, and stream
   * the accepted answer to the client; time to first token is the whole cascade's latency.
   */
  BUFFER_FIRST_STAGE("buffer-first-stage"),
  /**
   * Stream the first stage straight through as it is generated, never judged and never escalated;
   * later stages are only fallbacks for an upstream failure before the first byte.
   */
  STREAM_FIRST_STAGE("stream-first-stage");

  private final String wireName;

  CascadeStreaming(String wireName) {
    this.wireName = wireName;
  }

  @JsonValue
  public String wireName() {
    return wireName;
  }

  @JsonCreator
  public static CascadeStreaming fromWireName(String name) {
    return WireEnum.parse(
        CascadeStreaming.class, name, CascadeStreaming::wireName, "cascade streaming choice");
  }
}
