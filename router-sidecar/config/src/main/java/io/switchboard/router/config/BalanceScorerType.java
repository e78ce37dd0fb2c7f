package io.switchboard.router.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Load-balancing scorers available to the weighted mode. */
public enum BalanceScorerType {
  LEAST_LATENCY("least-latency"),
  LEAST_REQUESTS("least-requests");

  private final String wireName;

  BalanceScorerType(String wireName) {
    this.wireName = wireName;
  }

  @JsonValue
  public String wireName() {
    return wireName;
  }

  @JsonCreator
  public static BalanceScorerType fromWireName(String name) {
    return WireEnum.parse(
        BalanceScorerType.class, name, BalanceScorerType::wireName, "balance scorer type");
  }
}
