package io.switchboard.router.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Which OpenAI endpoints an expert serves: chat/completions or embeddings. */
public enum ExpertKind {
  CHAT("chat"),
  EMBEDDING("embedding");

  private final String wireName;

  ExpertKind(String wireName) {
    this.wireName = wireName;
  }

  @JsonValue
  public String wireName() {
    return wireName;
  }

  @JsonCreator
  public static ExpertKind fromWireName(String name) {
    return WireEnum.parse(ExpertKind.class, name, ExpertKind::wireName, "expert kind");
  }
}
