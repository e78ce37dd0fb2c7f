package io.switchboard.router.core.spi;

import io.switchboard.router.config.Mode;

/**
 * Builds the strategy of one mode from the typed parameters in {@link StrategyContext#config()}.
 */
public interface StrategyFactory {

  Mode mode();

  /**
   * @throws IllegalArgumentException when the parameters are unusable (e.g. a model file that does
   *     not load); the config is then refused like any invalid config
   */
  RoutingStrategy create(StrategyContext context);
}
