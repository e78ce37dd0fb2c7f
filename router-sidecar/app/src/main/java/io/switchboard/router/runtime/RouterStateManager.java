package io.switchboard.router.runtime;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.switchboard.router.config.ExpertConfig;
import io.switchboard.router.config.ExpertKind;
import io.switchboard.router.config.FederatedPeer;
import io.switchboard.router.config.HealthCheckParams;
import io.switchboard.router.config.InvalidRouterConfigException;
import io.switchboard.router.config.Mode;
import io.switchboard.router.config.RouterConfig;
import io.switchboard.router.config.RouterConfigCodec;
import io.switchboard.router.core.features.EmbeddingWorkers;
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
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import java.util.random.RandomGenerator;
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
          java.util.concurrent.CompletableFuture.failedFuture(
              new IllegalStateException("expert client not ready"));
  private final List<Long> healthTimers = new ArrayList<>();
  private long reloadTimer = -1;
  private volatile boolean checking;

  public RouterStateManager(
      Vertx vertx, RouterSettings settings, RouterMetrics metrics, StrategyCatalog catalog) {
    this.vertx = vertx;
    this.catalog = catalog;
    this.settings = settings;
    this.metrics = metrics;
    this.embedder = new LazyEmbedder(settings.encoderCacheDir().map(java.nio.file.Path::of));
    this.embeddingWorkers =
        new EmbeddingWorkers(
            settings.embeddingThreads() > 0
                ? settings.embeddingThreads()
                : Runtime.getRuntime().availableProcessors(),
            settings.embeddingQueue(),
            java.time.Duration.ofMillis(settings.embeddingDeadlineMs()));
    metrics.bindEmbeddingCache(embedder::cacheHits, embedder::cacheMisses, embedder::cacheEntries);
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
      s.strategy().close();
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
    // neither
    // the file nor the Secret files it named changed, stop here instead of parsing and validating
    // again.
    if (lastSeen != null && lastSeen.unchanged(bytes)) {
      return;
    }
    lastSeen = new SeenFiles(bytes, Map.of());
    RouterConfig config;
    try {
      config = codec.parse(bytes);
    } catch (InvalidRouterConfigException e) {
      String hash = hash(bytes, Map.of());
      if (!hash.equals(lastRefusedHash)) {
        lastRefusedHash = hash;
        refuse(e.getMessage());
      }
      return;
    }
    Map<String, String> secrets;
    try {
      Map<Path, byte[]> secretFiles = readSecretFiles(config);
      lastSeen = new SeenFiles(bytes, secretFiles);
      secrets = secretsByKey(config, secretFiles);
    } catch (IOException | RuntimeException e) {
      lastSeen =
          null; // a missing Secret file may appear later (volume mounted after start): keep polling
      // it
      refuse("cannot read a Secret file named by the config: " + e.getMessage());
      return;
    }
    String hash = hash(bytes, secrets);
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
      RouterState next = build(config, hash, secrets, old);
      current.set(next);
      metrics.activeConfig(
          hash(bytes, Map.of())); // the config file's own SHA-256, as the operator computes it
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
      startHealthChecks(next);
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

  private String lastRefusedHash;
  private SeenFiles lastSeen;
  private RouterMetrics.Binding strategyMeters = RouterMetrics.Binding.NONE;

  /** The bytes of the config file and of the Secret files it named, as last read. */
  private record SeenFiles(byte[] config, Map<Path, byte[]> secrets) {
    boolean unchanged(byte[] configNow) {
      if (!Arrays.equals(config, configNow)) {
        return false;
      }
      for (Map.Entry<Path, byte[]> e : secrets.entrySet()) {
        try {
          if (!Arrays.equals(e.getValue(), Files.readAllBytes(e.getKey()))) {
            return false;
          }
        } catch (IOException ex) {
          return false;
        }
      }
      return true;
    }
  }

  private void refuse(String why) {
    lastError.set(why);
    metrics.configReload(false);
    LOG.errorf("router config refused, keeping the last good one: %s", why);
  }

  /**
   * Reads every Secret file the config names (expert API keys, federation peers' keys, the tenants'
   * key file).
   */
  private static Map<Path, byte[]> readSecretFiles(RouterConfig config) throws IOException {
    Map<Path, byte[]> out = new HashMap<>();
    for (KeyFile keyFile : apiKeyFiles(config)) {
      out.put(keyFile.path(), Files.readAllBytes(keyFile.path()));
    }
    if (config.tenants().apiKeysFile() != null) {
      Path p = Path.of(config.tenants().apiKeysFile());
      out.put(p, Files.readAllBytes(p));
    }
    return out;
  }

  /**
   * Secret contents by key: "expert:<name>" / "peer:<url>" → API key, "tenants" → key file content.
   */
  private static Map<String, String> secretsByKey(RouterConfig config, Map<Path, byte[]> files)
      throws IOException {
    Map<String, String> out = new HashMap<>();
    for (KeyFile keyFile : apiKeyFiles(config)) {
      String key = new String(files.get(keyFile.path()), StandardCharsets.UTF_8).strip();
      if (key.isEmpty()) {
        throw new IOException("API key file of " + keyFile.owner() + " is empty");
      }
      out.put(keyFile.secret(), key);
    }
    if (config.tenants().apiKeysFile() != null) {
      out.put(
          "tenants",
          new String(files.get(Path.of(config.tenants().apiKeysFile())), StandardCharsets.UTF_8));
    }
    return out;
  }

  /**
   * One API key file the config names.
   *
   * @param secret its key in {@link #secretsByKey}
   * @param owner what the key belongs to, for messages
   */
  private record KeyFile(String secret, String owner, Path path) {}

  /** The API key files of the experts and, for a federated policy, of its peers. */
  private static List<KeyFile> apiKeyFiles(RouterConfig config) {
    List<KeyFile> out = new ArrayList<>();
    for (ExpertConfig e : config.experts()) {
      if (e.apiKeyFile() != null) {
        out.add(new KeyFile("expert:" + e.name(), "expert " + e.name(), Path.of(e.apiKeyFile())));
      }
    }
    for (FederatedPeer peer : federationPeers(config)) {
      if (peer.apiKeyFile() != null) {
        out.add(
            new KeyFile(
                PEER_SECRET + peer.url(),
                "federation peer " + peer.url(),
                Path.of(peer.apiKeyFile())));
      }
    }
    return out;
  }

  private static final String PEER_SECRET = "peer:";

  /**
   * The federation peers of a federated policy; none otherwise (another mode's unused block names
   * no file to read).
   */
  private static List<FederatedPeer> federationPeers(RouterConfig config) {
    return config.policy().mode() == Mode.FEDERATED
        ? config.policy().params().federatedOrDefault().peers()
        : List.of();
  }

  /** {@code Bearer <key>} by peer URL, for the peers that have a key file. */
  private static PeerAuthorizations peerAuthorizations(Map<String, String> secrets) {
    Map<String, String> out = new HashMap<>();
    secrets.forEach(
        (name, key) -> {
          if (name.startsWith(PEER_SECRET)) {
            out.put(name.substring(PEER_SECRET.length()), "Bearer " + key);
          }
        });
    return out.isEmpty() ? PeerAuthorizations.NONE : new PeerAuthorizations(out);
  }

  private RouterState build(
      RouterConfig config, String hash, Map<String, String> secrets, RouterState old) {
    TenantDirectory tenants =
        config.tenants().apiKeysFile() == null
            ? TenantDirectory.EMPTY
            : TenantDirectory.parse(secrets.get("tenants"), config.tenants().required());
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
              (n, m, t, d) -> expertClient.complete(n, m, t, d),
              policyEmbedder,
              Clock.systemUTC(),
              random,
              dataDir,
              catalog);
      RoutingStrategy strategy = catalog.create(config.policy().mode(), context);
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
          peerAuthorizations(secrets));
    } catch (RuntimeException e) {
      created.forEach(ExpertRuntime::close);
      throw e;
    }
  }

  /**
   * Closes the old strategy and, once in-flight requests can have finished, clients no longer used.
   */
  private void retire(RouterState old, RouterState next) {
    old.strategy().close();
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

  private void startHealthChecks(RouterState state) {
    synchronized (healthTimers) {
      healthTimers.forEach(vertx::cancelTimer);
      healthTimers.clear();
      HealthCheckParams params = state.config().policy().healthCheck();
      for (ExpertRuntime r : state.experts().values()) {
        String path = r.config().healthPath();
        if (path == null) {
          continue;
        }
        healthTimers.add(vertx.setPeriodic(params.intervalMs(), id -> probe(r, path, params)));
      }
    }
  }

  private void probe(ExpertRuntime r, String path, HealthCheckParams params) {
    RequestOptions options =
        new RequestOptions()
            .setMethod(HttpMethod.GET)
            .setHost(r.host())
            .setPort(r.port())
            .setSsl(r.ssl())
            .setURI(r.uri(path))
            .setIdleTimeout(params.timeoutMs())
            .setConnectTimeout(params.timeoutMs());
    if (r.authorization() != null) {
      options.putHeader("Authorization", r.authorization());
    }
    r.client()
        .request(options)
        .compose(req -> req.send())
        .compose(resp -> resp.body().map(b -> resp.statusCode()))
        .onComplete(
            ar ->
                r.healthCheckResult(
                    ar.succeeded() && ar.result() / 100 == 2,
                    params.unhealthyThreshold(),
                    params.healthyThreshold()));
  }

  private static String hash(byte[] config, Map<String, String> secrets) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      md.update(config);
      secrets.entrySet().stream()
          .sorted(Map.Entry.comparingByKey())
          .forEach(
              e -> {
                md.update(e.getKey().getBytes(StandardCharsets.UTF_8));
                md.update((byte) 0);
                md.update(e.getValue().getBytes(StandardCharsets.UTF_8));
                md.update((byte) 0);
              });
      return HexFormat.of().formatHex(md.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Thread-safe {@link RandomGenerator} delegating to the calling thread's {@link
   * ThreadLocalRandom}.
   */
  private static final class ThreadLocalRandomGenerator implements RandomGenerator {
    @Override
    public long nextLong() {
      return ThreadLocalRandom.current().nextLong();
    }

    @Override
    public double nextDouble() {
      return ThreadLocalRandom.current().nextDouble();
    }

    @Override
    public int nextInt(int bound) {
      return ThreadLocalRandom.current().nextInt(bound);
    }
  }
}
