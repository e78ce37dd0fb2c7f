package io.switchboard.router.runtime;

import io.switchboard.router.core.engine.BuiltInStrategies;
import io.switchboard.router.core.spi.StrategyCatalog;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The strategy factories of this build, as one immutable catalog (tests may replace it with an
 * alternative).
 */
public class StrategyCatalogProducer {
  @Produces
  @Singleton
  StrategyCatalog catalog() {
    return BuiltInStrategies.catalog();
  }
}
