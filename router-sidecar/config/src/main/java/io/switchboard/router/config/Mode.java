package io.switchboard.router.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Routing mode of a policy; the wire name is what appears in the config and in {@code
 * x-switchboard-decision}.
 */
public enum Mode {
  CASCADE("cascade"),
  BANDIT("bandit"),
  LLM("llm"),
  FEDERATED("federated"),
  CAPABILITY("capability"),
  CLASSIFIER("classifier"),
  WEIGHTED("weighted");

  private final String wireName;

  Mode(String wireName) {
    this.wireName = wireName;
  }

  @JsonValue
  public String wireName() {
    return wireName;
  }

  /** Strict lookup: an unknown mode is an error, never a silent fallback. */
  @JsonCreator
  public static Mode fromWireName(String name) {
    for (Mode m : values()) {
      if (m.wireName.equals(name)) {
        return m;
      }
    }
    throw new IllegalArgumentException(
        "unknown mode '"
            + name
            + "', expected one of "
            + Arrays.stream(values()).map(Mode::wireName).collect(Collectors.joining(", ")));
  }
}
