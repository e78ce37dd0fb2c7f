package io.switchboard.api.v1alpha1.routingpolicy;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.switchboard.api.v1alpha1.common.SwitchboardStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class RoutingPolicyStatus extends SwitchboardStatus {

  @JsonPropertyDescription("Mode in effect.")
  private RoutingMode mode;

  @JsonPropertyDescription("Ready experts the routers may use.")
  private List<String> activeExperts = new ArrayList<>();

  @JsonPropertyDescription("Number of active experts.")
  private Integer activeExpertCount;

  @JsonPropertyDescription("ConfigMap holding the rendered router configuration.")
  private String configMap;

  @JsonPropertyDescription("SHA-256 of the rendered router configuration.")
  private String configHash;

  @JsonPropertyDescription("Live routing summary from the routers' metrics.")
  private RoutingSummary routing;

  @JsonPropertyDescription(
      "The Budget whose enforcement the routers apply: of the Budgets covering the policy, an"
          + " exceeded one before one within its limit, then the harsher action (reject, downgrade,"
          + " alert), then the name. Every covering Budget still accounts its own spend.")
  private String enforcingBudget;

  public String getEnforcingBudget() {
    return enforcingBudget;
  }

  public void setEnforcingBudget(String enforcingBudget) {
    this.enforcingBudget = enforcingBudget;
  }

  public RoutingMode getMode() {
    return mode;
  }

  public void setMode(RoutingMode mode) {
    this.mode = mode;
  }

  public List<String> getActiveExperts() {
    return activeExperts;
  }

  public void setActiveExperts(List<String> activeExperts) {
    this.activeExperts = activeExperts == null ? new ArrayList<>() : new ArrayList<>(activeExperts);
  }

  public Integer getActiveExpertCount() {
    return activeExpertCount;
  }

  public void setActiveExpertCount(Integer activeExpertCount) {
    this.activeExpertCount = activeExpertCount;
  }

  public String getConfigMap() {
    return configMap;
  }

  public void setConfigMap(String configMap) {
    this.configMap = configMap;
  }

  public String getConfigHash() {
    return configHash;
  }

  public void setConfigHash(String configHash) {
    this.configHash = configHash;
  }

  public RoutingSummary getRouting() {
    return routing;
  }

  public void setRouting(RoutingSummary routing) {
    this.routing = routing;
  }

  /** What the routers did over a recent window. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record RoutingSummary(
      @JsonPropertyDescription("Window the figures cover, seconds.") Integer windowSeconds,
      @JsonPropertyDescription("Decisions per expert.") Map<String, Long> decisions,
      @JsonPropertyDescription("USD per 1,000 requests.") Double costPer1kRequestsUsd,
      @JsonPropertyDescription("Mean quality estimate from feedback, 0..1.") Double qualityEstimate,
      @JsonPropertyDescription("p95 end-to-end latency, ms.") Double latencyP95Ms) {}
}
