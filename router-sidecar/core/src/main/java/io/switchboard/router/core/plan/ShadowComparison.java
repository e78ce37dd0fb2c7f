package io.switchboard.router.core.plan;

import io.switchboard.router.config.ExpertConfig;

/**
 * One sampled request: the expert that served it and what it cost, next to the expert the shadow
 * mode chose and what that would have cost. The operator sums these over replicas into agreement
 * rate and cost per 1,000 requests ({@code RoutingPolicy.status.shadow}).
 *
 * @param servedExpert the expert whose answer the client received
 * @param servedCostUsd what serving cost (every attempt and cascade stage)
 * @param shadowExpert the expert the shadow mode chose (a cascade shadow: its first stage, since
 *     escalation is only known by calling)
 * @param shadowCostUsd what the shadow's choice cost or would have cost
 * @param measured true when {@code shadowCostUsd} comes from a mirrored call's reported usage
 */
public record ShadowComparison(
    String servedExpert,
    double servedCostUsd,
    String shadowExpert,
    double shadowCostUsd,
    boolean measured) {

  public boolean agreed() {
    return servedExpert.equals(shadowExpert);
  }

  /**
   * Without a mirrored call: the shadow's expert priced on the served answer's tokens. The prompt
   * is the same; the answer length of another expert is unknown, so the served one stands in.
   */
  public static ShadowComparison estimated(
      String servedExpert,
      double servedCostUsd,
      ExpertConfig shadowExpert,
      long promptTokens,
      long completionTokens) {
    return new ShadowComparison(
        servedExpert,
        servedCostUsd,
        shadowExpert.name(),
        shadowExpert.costUsd(promptTokens, completionTokens),
        false);
  }
}
