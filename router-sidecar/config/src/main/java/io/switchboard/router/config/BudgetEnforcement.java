package io.switchboard.router.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** What the router does once the operator marks the budget exceeded. */
public enum BudgetEnforcement {
  ALERT("alert"),
  DOWNGRADE("downgrade"),
  REJECT("reject");

  private final String wireName;

  BudgetEnforcement(String wireName) {
    this.wireName = wireName;
  }

  @JsonValue
  public String wireName() {
    return wireName;
  }

  @JsonCreator
  public static BudgetEnforcement fromWireName(String name) {
    return WireEnum.parse(
        BudgetEnforcement.class, name, BudgetEnforcement::wireName, "budget enforcement");
  }
}
