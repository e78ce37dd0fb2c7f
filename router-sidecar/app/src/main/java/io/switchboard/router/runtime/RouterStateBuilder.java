package io.switchboard.router.runtime;

import io.switchboard.router.config.ExpertConfig;
import io.switchboard.router.config.ExpertKind;
import io.switchboard.router.config.RouterConfig;
import io.switchboard.router.core.spi.Embedder;
import io.switchboard.router.core.spi.ExpertClient;
import io.switchboard.router.core.spi.RoutingStrategy;
import io.switchboard.router.core.spi.StrategyCatalog;
import io.switchboard.router.core.spi.StrategyContext;
import io.switchboard.router.metrics.RouterMetrics;
import io.switchboard.router.tenant.TenantDirectory;
import io.switchboard.router.tenant.TenantRateLimiter;
import io.switchboard.router.upstream.ExpertRuntime;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * Builds a {@link RouterState} from a validated config: expert runtimes (kept across reloads when
 * their connection settings did not change), the strategy, tenants and listings.
 */
final class RouterStateBuilder {
  private final Vertx vertx;
  private final RouterSettings settings;
  private final RouterMetrics metrics;
  private final StrategyCatalog catalog;
  private final LazyEmbedder embedder;
  private final Supplier<ExpertClient> expertClient;

  RouterStateBuilder(
      Vertx vertx,
      RouterSettings settings,
      RouterMetrics metrics,
      StrategyCatalog catalog,
      LazyEmbedder embedder,
      Supplier<ExpertClient> expertClient) {
    this.vertx = vertx;
    this.settings = settings;
    this.metrics = metrics;
    this.catalog = catalog;
    this.embedder = embedder;
    this.expertClient = expertClient;
  }

  /** Builds the state of {@code config}, reusing {@code old}'s expert clients where it can. */
  RouterState build(
      RouterConfig config, String hash, Map<String, String> secrets, RouterState old) {
    TenantDirectory tenants = TenantDirectory.of(config.tenants(), secrets.get("tenants"));
    Map<String, ExpertRuntime> runtimes = new HashMap<>();
    List<ExpertRuntime> created = new ArrayList<>();
    try {
      for (ExpertConfig e : config.experts()) {
        String apiKey = secrets.get("expert:" + e.name());
        ExpertRuntime previous = old == null ? null : old.experts().get(e.name());
        if (previous != null
            && previous.connectionKey().equals(ExpertRuntime.keyOf(e, config.policy()))) {
          previous.update(e, apiKey);
          runtimes.put(e.name(), previous);
        } else {
          ExpertRuntime r = new ExpertRuntime(vertx, e, config.policy(), apiKey);
          created.add(r);
          runtimes.put(e.name(), r);
        }
      }
      RandomGenerator random = new ThreadLocalRandomGenerator();
      Path dataDir =
          Path.of(
              settings
                  .dataDir()
                  .orElseGet(
                      () -> {
                        String env = System.getenv("SWITCHBOARD_DATA_DIR");
                        return env != null
                            ? env
                            : System.getProperty("SWITCHBOARD_DATA_DIR", "../shared/data");
                      }));
      Embedder policyEmbedder = embedder.forSpec(config.policy().embedding().spec());
      StrategyContext context =
          new StrategyContext(
              config,
              (n, m, t, d) -> expertClient.get().complete(n, m, t, d),
              policyEmbedder,
              Clock.systemUTC(),
              random,
              dataDir,
              catalog);
      RoutingStrategy strategy = catalog.create(config.policy().mode(), context);
      RoutingStrategy shadowStrategy;
      try {
        shadowStrategy =
            config.policy().shadow() == null
                ? null
                : catalog.create(config.policy().shadow().mode(), context);
      } catch (RuntimeException e) {
        strategy.close();
        throw e;
      }
      runtimes.values().forEach(metrics::trackCircuit);
      return new RouterState(
          config,
          hash,
          strategy,
          Map.copyOf(runtimes),
          RouterState.ofKind(config, runtimes, ExpertKind.CHAT),
          RouterState.ofKind(config, runtimes, ExpertKind.EMBEDDING),
          tenants,
          new TenantRateLimiter(config.tenants().requestsPerSecond(), config.tenants().burst()),
          ModelsListing.json(config),
          policyEmbedder,
          SecretFiles.peerAuthorizations(secrets),
          shadowStrategy);
    } catch (RuntimeException e) {
      created.forEach(ExpertRuntime::close);
      throw e;
    }
  }
}
