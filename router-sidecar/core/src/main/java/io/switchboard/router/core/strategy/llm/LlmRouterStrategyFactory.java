package io.switchboard.router.core.strategy.llm;

import io.switchboard.router.config.DecisionCacheParams;
import io.switchboard.router.config.LlmParams;
import io.switchboard.router.config.Mode;
import io.switchboard.router.core.spi.RoutingStrategy;
import io.switchboard.router.core.spi.StrategyContext;
import io.switchboard.router.core.spi.StrategyFactory;
import java.time.Duration;

/**
 * Builds {@link LlmRouterStrategy} from {@code policy.params.llm}; the fallback mode is built from
 * the same catalog.
 */
public final class LlmRouterStrategyFactory implements StrategyFactory {

  @Override
  public Mode mode() {
    return Mode.LLM;
  }

  @Override
  public RoutingStrategy create(StrategyContext context) {
    LlmParams params = context.config().policy().params().llmOrDefault();
    if (params.routerExpert() == null || context.config().expert(params.routerExpert()).isEmpty()) {
      throw new IllegalArgumentException(
          "llm mode needs params.llm.routerExpert naming a configured expert");
    }
    if (params.fallbackMode() == Mode.LLM) {
      throw new IllegalArgumentException("llm mode cannot fall back to llm");
    }
    DecisionCacheParams cache = params.cache();
    RoutingStrategy fallback = context.catalog().create(params.fallbackMode(), context);
    return new LlmRouterStrategy(
        params.routerExpert(),
        Duration.ofMillis(params.timeoutMs()),
        context.expertClient(),
        fallback,
        new DecisionCache(
            cache.maxEntries(), cache.ttlSeconds(), cache.semanticThreshold(), context.clock()));
  }
}
