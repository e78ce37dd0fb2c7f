package io.switchboard.router.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Contextual bandit algorithm; LinUCB is the main one, the others are baselines. */
public enum BanditAlgorithm {
  LINUCB("linucb"),
  THOMPSON("thompson"),
  EPSILON_GREEDY("epsilon-greedy");

  private final String wireName;

  BanditAlgorithm(String wireName) {
    this.wireName = wireName;
  }

  @JsonValue
  public String wireName() {
    return wireName;
  }

  @JsonCreator
  public static BanditAlgorithm fromWireName(String name) {
    return WireEnum.parse(
        BanditAlgorithm.class, name, BanditAlgorithm::wireName, "bandit algorithm");
  }
}
