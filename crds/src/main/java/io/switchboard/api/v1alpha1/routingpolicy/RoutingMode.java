package io.switchboard.api.v1alpha1.routingpolicy;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonValue;

public enum RoutingMode {
  @JsonProperty("cascade")
  CASCADE("cascade"),
  @JsonProperty("bandit")
  BANDIT("bandit"),
  @JsonProperty("llm")
  LLM("llm"),
  @JsonProperty("federated")
  FEDERATED("federated"),
  @JsonProperty("capability")
  CAPABILITY("capability"),
  @JsonProperty("classifier")
  CLASSIFIER("classifier"),
  @JsonProperty("weighted")
  WEIGHTED("weighted");

  private final String wireName;

  RoutingMode(String wireName) {
    this.wireName = wireName;
  }

  /** The name used in YAML and in the router configuration. */
  @JsonValue
  public String wireName() {
    return wireName;
  }
}
