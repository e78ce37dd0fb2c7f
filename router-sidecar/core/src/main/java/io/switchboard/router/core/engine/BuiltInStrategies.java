package io.switchboard.router.core.engine;

import io.switchboard.router.core.spi.StrategyCatalog;
import io.switchboard.router.core.spi.StrategyFactory;
import io.switchboard.router.core.strategy.bandit.BanditStrategyFactory;
import io.switchboard.router.core.strategy.capability.CapabilityStrategyFactory;
import io.switchboard.router.core.strategy.cascade.CascadeStrategyFactory;
import io.switchboard.router.core.strategy.classifier.ClassifierStrategyFactory;
import io.switchboard.router.core.strategy.federated.FederatedStrategyFactory;
import io.switchboard.router.core.strategy.llm.LlmRouterStrategyFactory;
import io.switchboard.router.core.strategy.weighted.WeightedStrategyFactory;
import java.util.List;

/**
 * The explicit list of strategy factories shipped in this build. Adding a mode = adding one line
 * here (targeted edit); the router app and the offline evaluator both use {@link #catalog()}.
 */
public final class BuiltInStrategies {
  private BuiltInStrategies() {}

  public static List<StrategyFactory> factories() {
    return List.of(
        new WeightedStrategyFactory(),
        new CascadeStrategyFactory(),
        new BanditStrategyFactory(),
        new LlmRouterStrategyFactory(),
        new CapabilityStrategyFactory(),
        new ClassifierStrategyFactory(),
        new FederatedStrategyFactory());
  }

  public static StrategyCatalog catalog() {
    return StrategyCatalog.of(factories());
  }
}
