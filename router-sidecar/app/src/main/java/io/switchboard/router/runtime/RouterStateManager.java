package io.switchboard.router.runtime;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.switchboard.router.config.InvalidRouterConfigException;
import io.switchboard.router.config.RouterConfig;
import io.switchboard.router.config.RouterConfigCodec;
import io.switchboard.router.core.features.EmbeddingWorkers;
import io.switchboard.router.core.spi.ExpertClient;
import io.switchboard.router.core.spi.StrategyCatalog;
import io.switchboard.router.metrics.RouterMetrics;
import io.switchboard.router.upstream.ExpertRuntime;
import io.vertx.core.Vertx;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;

/**
 * Loads the router config file, builds a {@link RouterState} from it and hot-swaps it when the file
 * (or a Secret file it names) changes. Change detection polls a content hash: robust to ConfigMap
 * volume updates, which swap the {@code ..data} symlink rather than rewriting the file. A config
 * that fails to parse, validate or build is refused and logged; the last good state stays active
 * and {@link #lastError()} reports why (readiness detail).
 */
@Singleton
public class RouterStateManager {
  private static final Logger LOG = Logger.getLogger(RouterStateManager.class);

  private final Vertx vertx;
  private final RouterSettings settings;
  private final RouterMetrics metrics;
  private final RouterConfigCodec codec = new RouterConfigCodec();
  private final StrategyCatalog catalog;
  private final AtomicReference<RouterState> current = new AtomicReference<>();
  private final AtomicReference<String> lastError = new AtomicReference<>();
  private final LazyEmbedder embedder;
  private final EmbeddingWorkers embeddingWorkers;
  private volatile ExpertClient expertClient =
      (name, messages, maxTokens, timeout) ->
          CompletableFuture.failedFuture(new IllegalStateException("expert client not ready"));
  private final HealthProbes healthProbes;
  private final RouterStateBuilder builder;
  private long reloadTimer = -1;
  private volatile boolean checking;

  public RouterStateManager(
      Vertx vertx, RouterSettings settings, RouterMetrics metrics, StrategyCatalog catalog) {
    this.vertx = vertx;
    this.catalog = catalog;
    this.settings = settings;
    this.metrics = metrics;
    this.healthProbes = new HealthProbes(vertx);
    this.embedder = new LazyEmbedder(settings.encoderCacheDir().map(Path::of));
    this.embeddingWorkers =
        new EmbeddingWorkers(
            settings.embeddingThreads() > 0
                ? settings.embeddingThreads()
                : Runtime.getRuntime().availableProcessors(),
            settings.embeddingQueue(),
            Duration.ofMillis(settings.embeddingDeadlineMs()));
    metrics.bindEmbeddingCache(embedder::cacheHits, embedder::cacheMisses, embedder::cacheEntries);
    this.builder =
        new RouterStateBuilder(vertx, settings, metrics, catalog, embedder, () -> expertClient);
  }

  void onStart(@Observes StartupEvent event) {
    reloadIfChanged();
    reloadTimer =
        vertx.setPeriodic(
            settings.reloadIntervalMs(),
            id -> {
              if (!checking) {
                checking = true;
                vertx
                    .executeBlocking(
                        () -> {
                          reloadIfChanged();
                          refreshTenantKeys();
                          return null;
                        },
                        false)
                    .onComplete(r -> checking = false);
              }
            });
  }

  void onStop(@Observes ShutdownEvent event) {
    if (reloadTimer >= 0) {
      vertx.cancelTimer(reloadTimer);
    }
    RouterState s = current.getAndSet(null);
    if (s != null) {
      s.closeStrategies();
    }
    embeddingWorkers.close();
    embedder.close();
  }

  /**
   * The bounded pool every request's embedding runs on (never the event loop, never an unbounded
   * queue).
   */
  public EmbeddingWorkers embeddingWorkers() {
    return embeddingWorkers;
  }

  /** The active state, or null before the first good config. */
  public RouterState current() {
    return current.get();
  }

  /**
   * Why the most recent config change was refused, or null when the active config is the newest.
   */
  public String lastError() {
    return lastError.get();
  }

  /**
   * The prompt encoder the first activated config is still loading, if any: until it is loaded the
   * router reports not ready, so a new pod takes traffic with its learned routing working. Later
   * config changes keep the pod ready (its requests fall back while a new encoder loads) rather
   * than taking every replica out at once.
   */
  public Optional<String> encoderLoadingAtStartup() {
    Warmup w = startupWarmup;
    return w == null || w.done().isDone() ? Optional.empty() : Optional.of(w.encoder());
  }

  private record Warmup(String encoder, CompletableFuture<Void> done) {}

  private volatile Warmup startupWarmup;

  /** Set once by the data plane: the client strategies use to call experts. */
  public void expertClient(ExpertClient client) {
    this.expertClient = client;
  }

  /**
   * Checks the files and swaps in a new state when they changed. Blocking: worker thread or startup
   * only.
   */
  synchronized void reloadIfChanged() {
    Path file = Path.of(settings.configFile());
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      lastSeen = null;
      refuse("cannot read config file " + file + ": " + e);
      return;
    }
    // The poll runs every second on a worker thread that shares the CPU with the event loops: when
    // neither the file nor the Secret files it named changed, stop here instead of parsing and
    // validating again.
    if (lastSeen != null && lastSeen.unchanged(bytes)) {
      return;
    }
    lastSeen = new SecretFiles.Seen(bytes, Map.of());
    RouterConfig config;
    try {
      config = codec.parse(bytes);
    } catch (InvalidRouterConfigException e) {
      String hash = SecretFiles.hash(bytes, Map.of());
      if (!hash.equals(lastRefusedHash)) {
        lastRefusedHash = hash;
        refuse(e.getMessage());
      }
      return;
    }
    Map<String, String> secrets;
    try {
      Map<Path, byte[]> secretFiles = SecretFiles.read(config);
      lastSeen = new SecretFiles.Seen(bytes, secretFiles);
      secrets = SecretFiles.byKey(config, secretFiles);
    } catch (IOException | RuntimeException e) {
      // A missing Secret file may appear later (volume mounted after start): keep polling it.
      lastSeen = null;
      refuse("cannot read a Secret file named by the config: " + e.getMessage());
      return;
    }
    String hash = SecretFiles.hash(bytes, secrets);
    RouterState old = current.get();
    if (old != null && old.contentHash().equals(hash)) {
      if (lastError.getAndSet(null)
          != null) { // the refused file was reverted to the one that serves
        lastRefusedHash = null;
        metrics.configRefused(false);
      }
      return;
    }
    if (hash.equals(lastRefusedHash)) {
      return;
    }
    try {
      RouterState next = builder.build(config, hash, secrets, old);
      current.set(next);
      metrics.activeConfig(
          SecretFiles.hash(
              bytes, Map.of())); // the config file's own SHA-256, as the operator computes it
      metrics.unbind(strategyMeters);
      strategyMeters =
          metrics.bindStrategy(
              config.policy().name(), config.policy().mode().wireName(), next.strategy().meters());
      lastError.set(null);
      lastRefusedHash = null;
      metrics.configReload(true);
      LOG.infof(
          "router config loaded: policy %s/%s mode %s, %d experts",
          config.policy().namespace(),
          config.policy().name(),
          config.policy().mode().wireName(),
          config.experts().size());
      if (old != null) {
        retire(old, next);
      }
      healthProbes.start(next);
      CompletableFuture<Void> warmed =
          embedder.warmFor(
              next.strategy(),
              config.policy().embedding().spec(),
              task ->
                  vertx.executeBlocking(
                      () -> {
                        task.run();
                        return null;
                      },
                      false));
      if (startupWarmup == null) {
        startupWarmup = new Warmup(config.policy().embedding().spec().toString(), warmed);
      }
    } catch (RuntimeException e) {
      lastRefusedHash = hash;
      refuse("config refused while building the router: " + e.getMessage());
    }
  }

  /**
   * Re-reads the tenants' key files of the active state: a rotated key Secret, updated in place by
   * the kubelet, takes effect within a poll interval, without rebuilding the state.
   */
  void refreshTenantKeys() {
    RouterState s = current.get();
    if (s != null) {
      s.tenants().refresh();
    }
  }

  private String lastRefusedHash;
  private SecretFiles.Seen lastSeen;
  private RouterMetrics.Binding strategyMeters = RouterMetrics.Binding.NONE;

  private void refuse(String why) {
    lastError.set(why);
    metrics.configReload(false);
    LOG.errorf("router config refused, keeping the last good one: %s", why);
  }

  /**
   * Closes the old strategy and, once in-flight requests can have finished, clients no longer used.
   */
  private void retire(RouterState old, RouterState next) {
    old.closeStrategies();
    List<ExpertRuntime> unused = new ArrayList<>();
    for (ExpertRuntime r : old.experts().values()) {
      if (!next.experts().containsValue(r)) {
        unused.add(r);
      }
    }
    if (!unused.isEmpty()) {
      long grace = old.config().policy().timeouts().totalMs() + 1_000;
      vertx.setTimer(grace, id -> unused.forEach(ExpertRuntime::close));
    }
  }
}
