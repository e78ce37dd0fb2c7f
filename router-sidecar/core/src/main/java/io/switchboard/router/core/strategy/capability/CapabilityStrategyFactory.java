package io.switchboard.router.core.strategy.capability;

import io.switchboard.router.config.Mode;
import io.switchboard.router.config.PolicyConfig;
import io.switchboard.router.core.spi.RoutingStrategy;
import io.switchboard.router.core.spi.StrategyContext;
import io.switchboard.router.core.spi.StrategyFactory;

/** Builds {@link CapabilityStrategy}; embeds the axis prototypes once, at config load. */
public final class CapabilityStrategyFactory implements StrategyFactory {

  @Override
  public Mode mode() {
    return Mode.CAPABILITY;
  }

  @Override
  public RoutingStrategy create(StrategyContext context) {
    PolicyConfig policy = context.config().policy();
    NeedsEstimator needs =
        new NeedsEstimator(
            context.embedder()::embed,
            policy.rewardWeights().quality(),
            policy.rewardWeights().cost(),
            policy.rewardWeights().latency());
    var params = policy.params().capabilityOrDefault();
    return new CapabilityStrategy(needs, params.minSimilarity(), params.costSensitivity());
  }
}
