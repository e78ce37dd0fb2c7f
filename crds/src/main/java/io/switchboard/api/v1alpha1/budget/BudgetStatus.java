package io.switchboard.api.v1alpha1.budget;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.switchboard.api.v1alpha1.common.SwitchboardStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class BudgetStatus extends SwitchboardStatus {

  @JsonPropertyDescription("Start of the current period (RFC 3339).")
  private String periodStart;

  @JsonPropertyDescription(
      "USD spent this period, rounded to six decimals for display; spentUsdUnrounded is the sum "
          + "itself.")
  private Double spentUsd;

  @JsonPropertyDescription(
      "USD spent this period, unrounded: the running sum each accounting round adds to, which "
          + "follows the routers' own ledgers to floating-point precision. Absent in status written before it existed; "
          + "the sum then continues from spentUsd.")
  private Double spentUsdUnrounded;

  @JsonPropertyDescription("Tokens used this period.")
  private Long spentTokens;

  @JsonPropertyDescription("USD left this period.")
  private Double remainingUsd;

  @JsonPropertyDescription("Tokens left this period.")
  private Long remainingTokens;

  @JsonPropertyDescription("USD per hour over the recent window.")
  private Double burnRateUsdPerHour;

  @JsonPropertyDescription(
      "When the limit will be reached at the current burn rate (RFC 3339); absent if not this period.")
  private String projectedExhaustion;

  @JsonPropertyDescription("Enforcement level pushed to the routers: none, downgrade, reject.")
  private String enforcementLevel;

  @JsonPropertyDescription("RoutingPolicies this budget covers.")
  private List<String> coveredPolicies = new ArrayList<>();

  @JsonPropertyDescription(
      "When the operator began counting router spend for this budget (RFC 3339).")
  private String usageTrackedSince;

  @JsonPropertyDescription(
      "Last cumulative usage read from each router replica, keyed by policy and address: the "
          + "watermark that makes spend aggregation idempotent across operator restarts.")
  private Map<String, RouterUsageMark> routerUsage = new TreeMap<>();

  @JsonPropertyDescription(
      "USD spent this period per tenant (the routers' tenant label; 'anonymous' without a key,"
          + " 'router' for calls the routing strategy makes itself); the unrounded running sum.")
  private Map<String, Double> spentUsdByTenant = new TreeMap<>();

  @JsonPropertyDescription(
      "Per tenant, the last cumulative spend read from each router replica (keyed like"
          + " routerUsage): the watermarks of spentUsdByTenant.")
  private Map<String, Map<String, RouterUsageMark>> tenantRouterUsage = new TreeMap<>();

  public Map<String, Double> getSpentUsdByTenant() {
    return spentUsdByTenant;
  }

  public void setSpentUsdByTenant(Map<String, Double> spentUsdByTenant) {
    this.spentUsdByTenant = spentUsdByTenant;
  }

  public Map<String, Map<String, RouterUsageMark>> getTenantRouterUsage() {
    return tenantRouterUsage;
  }

  public void setTenantRouterUsage(Map<String, Map<String, RouterUsageMark>> tenantRouterUsage) {
    this.tenantRouterUsage = tenantRouterUsage;
  }

  /** One router replica's cumulative counters for one policy, as last read. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record RouterUsageMark(
      @JsonPropertyDescription(
              "Router process start, epoch seconds: a change means the router restarted.")
          Double startTime,
      @JsonPropertyDescription("Cumulative USD the router recorded for the policy.") Double costUsd,
      @JsonPropertyDescription("Cumulative tokens the router recorded for the policy.") Long tokens,
      @JsonPropertyDescription("When it was read (RFC 3339).") String seenAt) {}

  public String getPeriodStart() {
    return periodStart;
  }

  public void setPeriodStart(String periodStart) {
    this.periodStart = periodStart;
  }

  public Double getSpentUsd() {
    return spentUsd;
  }

  public void setSpentUsd(Double spentUsd) {
    this.spentUsd = spentUsd;
  }

  public Double getSpentUsdUnrounded() {
    return spentUsdUnrounded;
  }

  public void setSpentUsdUnrounded(Double spentUsdUnrounded) {
    this.spentUsdUnrounded = spentUsdUnrounded;
  }

  public Long getSpentTokens() {
    return spentTokens;
  }

  public void setSpentTokens(Long spentTokens) {
    this.spentTokens = spentTokens;
  }

  public Double getRemainingUsd() {
    return remainingUsd;
  }

  public void setRemainingUsd(Double remainingUsd) {
    this.remainingUsd = remainingUsd;
  }

  public Long getRemainingTokens() {
    return remainingTokens;
  }

  public void setRemainingTokens(Long remainingTokens) {
    this.remainingTokens = remainingTokens;
  }

  public Double getBurnRateUsdPerHour() {
    return burnRateUsdPerHour;
  }

  public void setBurnRateUsdPerHour(Double burnRateUsdPerHour) {
    this.burnRateUsdPerHour = burnRateUsdPerHour;
  }

  public String getProjectedExhaustion() {
    return projectedExhaustion;
  }

  public void setProjectedExhaustion(String projectedExhaustion) {
    this.projectedExhaustion = projectedExhaustion;
  }

  public String getEnforcementLevel() {
    return enforcementLevel;
  }

  public void setEnforcementLevel(String enforcementLevel) {
    this.enforcementLevel = enforcementLevel;
  }

  public String getUsageTrackedSince() {
    return usageTrackedSince;
  }

  public void setUsageTrackedSince(String usageTrackedSince) {
    this.usageTrackedSince = usageTrackedSince;
  }

  public Map<String, RouterUsageMark> getRouterUsage() {
    return routerUsage;
  }

  public void setRouterUsage(Map<String, RouterUsageMark> routerUsage) {
    this.routerUsage = routerUsage == null ? new TreeMap<>() : new TreeMap<>(routerUsage);
  }

  public List<String> getCoveredPolicies() {
    return coveredPolicies;
  }

  public void setCoveredPolicies(List<String> coveredPolicies) {
    this.coveredPolicies =
        coveredPolicies == null ? new ArrayList<>() : new ArrayList<>(coveredPolicies);
  }
}
