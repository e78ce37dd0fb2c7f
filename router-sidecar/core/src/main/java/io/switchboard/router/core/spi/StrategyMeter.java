package io.switchboard.router.core.spi;

import java.util.Map;
import java.util.Objects;
import java.util.function.DoubleSupplier;

/**
 * A number a strategy exposes for monitoring (cache hits, learned-state size), read on scrape. The
 * core has no metrics library; the data plane registers these with its own, tagged with the policy
 * and mode.
 *
 * @param name dotted meter name, e.g. {@code switchboard.router.llm.cache.lookups}
 * @param description one line for the exposition's HELP text
 * @param kind a monotonic {@link Kind#COUNTER} or a {@link Kind#GAUGE}
 * @param tags extra low-cardinality tags (fixed strings from code or names from the config)
 * @param value read on every scrape from any thread: must be cheap and thread-safe
 */
public record StrategyMeter(
    String name, String description, Kind kind, Map<String, String> tags, DoubleSupplier value) {
  public enum Kind {
    COUNTER,
    GAUGE
  }

  public StrategyMeter {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(value, "value");
    description = description == null ? "" : description;
    tags = tags == null ? Map.of() : Map.copyOf(tags);
  }

  public static StrategyMeter counter(
      String name, String description, Map<String, String> tags, DoubleSupplier value) {
    return new StrategyMeter(name, description, Kind.COUNTER, tags, value);
  }

  public static StrategyMeter gauge(
      String name, String description, Map<String, String> tags, DoubleSupplier value) {
    return new StrategyMeter(name, description, Kind.GAUGE, tags, value);
  }
}
