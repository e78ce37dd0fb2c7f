package io.switchboard.router.core.strategy.bandit;

/**
 * Declared trade-off of a routing policy: {@code reward = wq·quality − wc·cost/costScale −
 * wl·latency/latencyScale}. Quality is in [0, 1]; the scales say what counts as "one unit" of cost
 * (USD per request) and latency (ms), so weights stay comparable across pools.
 */
public record RewardFunction(
    double quality, double cost, double latency, double costScaleUsd, double latencyScaleMs) {

  public RewardFunction {
    if (quality < 0 || cost < 0 || latency < 0) {
      throw new IllegalArgumentException("reward weights must be >= 0");
    }
    if (costScaleUsd <= 0 || latencyScaleMs <= 0) {
      throw new IllegalArgumentException("reward scales must be > 0");
    }
  }

  public double reward(double quality01, double costUsd, double latencyMs) {
    return quality * quality01
        - cost * costUsd / costScaleUsd
        - latency * latencyMs / latencyScaleMs;
  }
}
