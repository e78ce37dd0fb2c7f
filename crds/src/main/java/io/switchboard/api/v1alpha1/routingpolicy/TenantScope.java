package io.switchboard.api.v1alpha1.routingpolicy;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonValue;

/** What a tenant's key opens on the policy's routers. */
public enum TenantScope {
  /** The OpenAI API ({@code /v1/*}) and feedback. */
  @JsonProperty("inference")
  INFERENCE("inference"),
  /**
   * A peer cluster's router: the federation aggregate and the requests it offloads here, nothing
   * else.
   */
  @JsonProperty("federation")
  FEDERATION("federation");

  private final String wireName;

  TenantScope(String wireName) {
    this.wireName = wireName;
  }

  /** The name used in YAML and in the router configuration. */
  @JsonValue
  public String wireName() {
    return wireName;
  }
}
