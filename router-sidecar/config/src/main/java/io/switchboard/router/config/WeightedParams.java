package io.switchboard.router.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * Static weights with priority fallback and an optional canary.
 *
 * @param weights per-expert weights overriding {@code expert.weight}; experts not listed keep
 *     theirs
 * @param canary optional canary: that share of requests goes to one expert while it is available
 * @param scorers optional load-balancing scorers blended into the weights (see {@code
 *     strategy.balance})
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WeightedParams(
    Map<String, Double> weights, CanaryParams canary, List<ScorerRef> scorers) {
  public static final WeightedParams DEFAULT = new WeightedParams(null, null, null);

  public WeightedParams {
    weights = weights == null ? Map.of() : Map.copyOf(weights);
    scorers = scorers == null ? List.of() : List.copyOf(scorers);
  }

  /**
   * @param expert canary expert; @param percent share of requests in [0,100]
   */
  public record CanaryParams(String expert, Double percent) {
    public CanaryParams {
      percent = percent == null ? 0.0 : percent;
    }
  }

  /** A load-balancing scorer with its blend weight (default 1). */
  public record ScorerRef(BalanceScorerType type, Double weight) {
    public ScorerRef {
      weight = weight == null ? 1.0 : weight;
    }
  }
}
