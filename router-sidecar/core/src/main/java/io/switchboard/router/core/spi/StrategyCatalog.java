package io.switchboard.router.core.spi;

import io.switchboard.router.config.Mode;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Immutable set of strategy factories, assembled explicitly by whoever builds the router (no global
 * registry). A mode without a factory is an error at config load, never a silent fallback.
 */
public final class StrategyCatalog {
  private final Map<Mode, StrategyFactory> factories;

  private StrategyCatalog(Map<Mode, StrategyFactory> factories) {
    this.factories = factories;
  }

  public static StrategyCatalog of(List<StrategyFactory> factories) {
    Map<Mode, StrategyFactory> map = new EnumMap<>(Mode.class);
    for (StrategyFactory f : factories) {
      if (map.put(f.mode(), f) != null) {
        throw new IllegalArgumentException(
            "two strategy factories for mode " + f.mode().wireName());
      }
    }
    return new StrategyCatalog(map);
  }

  public Set<Mode> modes() {
    return factories.keySet();
  }

  /**
   * Builds the strategy for {@code mode} (usually the policy's mode; an llm strategy builds its
   * fallback mode).
   *
   * @throws IllegalArgumentException when no factory serves the mode, or the factory refuses the
   *     parameters
   */
  public RoutingStrategy create(Mode mode, StrategyContext context) {
    StrategyFactory f = factories.get(mode);
    if (f == null) {
      throw new IllegalArgumentException(
          "mode '"
              + mode.wireName()
              + "' is not available in this router build; available: "
              + factories.keySet().stream().map(Mode::wireName).toList());
    }
    return f.create(context);
  }
}
