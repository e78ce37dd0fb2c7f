package io.switchboard.router.core.strategy.weighted;

import io.switchboard.router.config.Mode;
import io.switchboard.router.core.spi.RoutingStrategy;
import io.switchboard.router.core.spi.StrategyContext;
import io.switchboard.router.core.spi.StrategyFactory;

/** Builds {@link WeightedStrategy} from {@code policy.params.weighted}. */
public final class WeightedStrategyFactory implements StrategyFactory {
  @Override
  public Mode mode() {
    return Mode.WEIGHTED;
  }

  @Override
  public RoutingStrategy create(StrategyContext context) {
    return new WeightedStrategy(
        context.config().policy().params().weightedOrDefault(), context.random());
  }
}
