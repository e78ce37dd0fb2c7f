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

  @JsonPropertyDescription(
      "How the shadow mode compares with the serving mode, from the routers' counters since they"
          + " started, summed over replicas.")
  private ShadowSummary shadow;

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

  public ShadowSummary getShadow() {
    return shadow;
  }

  public void setShadow(ShadowSummary shadow) {
    this.shadow = shadow;
  }

  /**
   * The shadow comparison. Quality is each expert's mean grade (client feedback, cascade judge)
   * weighted by how often each mode chose it, over the samples whose two experts both have grades.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ShadowSummary(
      @JsonPropertyDescription("Mode evaluated in shadow.") RoutingMode mode,
      @JsonPropertyDescription("Served requests on which the shadow mode also decided.")
          Long samples,
      @JsonPropertyDescription("Share of samples where the shadow chose the served expert, 0..1.")
          Double agreementRate,
      @JsonPropertyDescription("USD per 1,000 sampled requests as served.")
          Double servedCostPer1kRequestsUsd,
      @JsonPropertyDescription(
              "USD per 1,000 sampled requests had the shadow decided (estimated on the served"
                  + " tokens, or measured by mirrored calls).")
          Double shadowCostPer1kRequestsUsd,
      @JsonPropertyDescription("Samples whose shadow cost was measured by a mirrored call.")
          Long mirroredSamples,
      @JsonPropertyDescription("Samples whose served and shadow experts both have quality grades.")
          Long gradedSamples,
      @JsonPropertyDescription("Quality grades (feedback, judge) behind the estimates.")
          Long grades,
      @JsonPropertyDescription("Estimated quality of the served choices, 0..1.")
          Double servedQuality,
      @JsonPropertyDescription("Estimated quality of the shadow's choices, 0..1.")
          Double shadowQuality,
      @JsonPropertyDescription("shadowQuality minus servedQuality.") Double qualityDifference,
      @JsonPropertyDescription("Samples the shadow mode could not decide or mirror.")
          Long failures) {}

  /** What the routers did over a recent window. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record RoutingSummary(
      @JsonPropertyDescription("Window the figures cover, seconds.") Integer windowSeconds,
      @JsonPropertyDescription("Decisions per expert.") Map<String, Long> decisions,
      @JsonPropertyDescription("USD per 1,000 requests.") Double costPer1kRequestsUsd,
      @JsonPropertyDescription(
              "Mean quality grade (client feedback, cascade judge) of the window's graded"
                  + " requests, 0..1; absent when none was graded.")
          Double qualityEstimate,
      @JsonPropertyDescription("Quality grades behind qualityEstimate.") Long qualityGrades,
      @JsonPropertyDescription("p95 end-to-end latency, ms.") Double latencyP95Ms,
      @JsonPropertyDescription(
              "Absolute quality the routers aim at (classifier targetQuality, a fraction of the"
                  + " reference expert's training quality already applied), to read qualityEstimate"
                  + " against; the QualityTargetMet condition holds the two together.")
          Double qualityTarget) {

    public RoutingSummary(
        Integer windowSeconds,
        Map<String, Long> decisions,
        Double costPer1kRequestsUsd,
        Double qualityEstimate,
        Long qualityGrades,
        Double latencyP95Ms) {
      this(
          windowSeconds,
          decisions,
          costPer1kRequestsUsd,
          qualityEstimate,
          qualityGrades,
          latencyP95Ms,
          null);
    }
  }
}
