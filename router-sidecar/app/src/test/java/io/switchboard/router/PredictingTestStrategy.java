package io.switchboard.router;

import io.quarkus.test.junit.QuarkusTestProfile;
import io.switchboard.router.config.Mode;
import io.switchboard.router.core.engine.BuiltInStrategies;
import io.switchboard.router.core.spi.Candidates;
import io.switchboard.router.core.spi.Decision;
import io.switchboard.router.core.spi.RoutingRequest;
import io.switchboard.router.core.spi.RoutingStrategy;
import io.switchboard.router.core.spi.StrategyCatalog;
import io.switchboard.router.core.spi.StrategyContext;
import io.switchboard.router.core.spi.StrategyFactory;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A test double for the classifier mode: routes to "fast" with a predicted quality of 0.8, so the
 * data plane's header and metric for predicted quality can be checked without a trained model.
 */
public final class PredictingTestStrategy implements RoutingStrategy {

  static final double PREDICTED = 0.8;

  @Override
  public String type() {
    return "classifier";
  }

  @Override
  public CompletionStage<Decision> route(RoutingRequest request, Candidates candidates) {
    return CompletableFuture.completedFuture(
        Decision.of("fast", "predicted-quality", List.of()).withPredictedQuality(PREDICTED));
  }

  /** Runs the router with this strategy as the classifier mode. */
  public static class Profile implements QuarkusTestProfile {
    @Override
    public Set<Class<?>> getEnabledAlternatives() {
      return Set.of(CatalogAlternative.class);
    }
  }

  @Alternative
  public static class CatalogAlternative {
    @Produces
    @Singleton
    StrategyCatalog catalog() {
      List<StrategyFactory> factories =
          new ArrayList<>(
              BuiltInStrategies.factories().stream()
                  .filter(f -> f.mode() != Mode.CLASSIFIER)
                  .toList());
      factories.add(
          new StrategyFactory() {
            @Override
            public Mode mode() {
              return Mode.CLASSIFIER;
            }

            @Override
            public RoutingStrategy create(StrategyContext context) {
              return new PredictingTestStrategy();
            }
          });
      return StrategyCatalog.of(factories);
    }
  }
}
