package io.switchboard.router.config;

/**
 * Declared trade-off for learning strategies: reward = quality*q - cost*c - latency*l on normalised
 * terms. Weights are non-negative; they need not sum to one.
 */
public record RewardWeights(Double quality, Double cost, Double latency) {
  public static final RewardWeights DEFAULT = new RewardWeights(1.0, 0.0, 0.0);

  public RewardWeights {
    quality = quality == null ? 1.0 : quality;
    cost = cost == null ? 0.0 : cost;
    latency = latency == null ? 0.0 : latency;
  }
}
