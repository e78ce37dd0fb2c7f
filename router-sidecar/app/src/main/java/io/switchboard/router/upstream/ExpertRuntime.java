package io.switchboard.router.upstream;

import io.switchboard.router.config.ExpertConfig;
import io.switchboard.router.config.PolicyConfig;
import io.switchboard.router.core.engine.CircuitBreaker;
import io.switchboard.router.core.engine.Ewma;
import io.switchboard.router.core.engine.LatencyWindow;
import io.switchboard.router.core.spi.CircuitState;
import io.switchboard.router.core.spi.ExpertState;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One expert's data-plane state: its pooled keep-alive HTTP client, circuit breaker, active health
 * flag, in-flight count, latency EWMAs and recent p95. Survives config reloads while its connection
 * settings are unchanged ({@link #connectionKey()}), so health and latency history are not lost on
 * every ConfigMap update.
 */
public final class ExpertRuntime implements ExpertState {
  private volatile ExpertConfig config;
  private final ConnectionKey connectionKey;
  private final Vertx vertx;
  private final HttpClientOptions clientOptions;
  private final PoolOptions poolOptions;

  /**
   * One client (and so one connection pool) per event-loop thread, like Envoy's per-worker pools: a
   * request always uses connections owned by the event loop that serves its client connection, so
   * no request hops between threads (with a shared pool, a connection opened by another loop costs
   * two cross-thread wake-ups per request, milliseconds on a busy CPU).
   */
  private final ConcurrentHashMap<Thread, HttpClient> clients = new ConcurrentHashMap<>();

  private volatile boolean closed;
  private final String host;
  private final int port;
  private final boolean ssl;
  private final String basePath;
  private final CircuitBreaker circuit;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final Ewma latency = new Ewma(0.2);
  private final Ewma ttft = new Ewma(0.2);
  private final LatencyWindow recent = new LatencyWindow(60, System::nanoTime);
  private volatile boolean healthy = true;
  private volatile String authorization;
  private int healthSuccesses;
  private int healthFailures;

  /** Settings that require a new HTTP client when they change. */
  public record ConnectionKey(
      String endpoint,
      boolean http2,
      int maxConnections,
      long connectMs,
      int breakerFailures,
      long breakerOpenMs) {
    static ConnectionKey of(ExpertConfig e, PolicyConfig p) {
      return new ConnectionKey(
          e.endpoint(),
          e.http2(),
          e.maxConnections(),
          p.timeouts().connectMs(),
          p.circuitBreaker().consecutiveFailures(),
          p.circuitBreaker().openMs());
    }
  }

  public ExpertRuntime(Vertx vertx, ExpertConfig config, PolicyConfig policy, String apiKey) {
    this.config = config;
    this.connectionKey = ConnectionKey.of(config, policy);
    URI uri = URI.create(config.endpoint());
    this.ssl = "https".equals(uri.getScheme());
    this.host = uri.getHost();
    this.port = uri.getPort() > 0 ? uri.getPort() : (ssl ? 443 : 80);
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    this.basePath = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    this.circuit =
        new CircuitBreaker(
            policy.circuitBreaker().consecutiveFailures(),
            policy.circuitBreaker().openMs(),
            System::nanoTime);
    this.authorization = apiKey == null ? null : "Bearer " + apiKey;
    HttpClientOptions options =
        new HttpClientOptions()
            .setDefaultHost(host)
            .setDefaultPort(port)
            .setSsl(ssl)
            .setKeepAlive(true)
            .setPipelining(false)
            .setTcpNoDelay(true)
            .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, policy.timeouts().connectMs()))
            .setTryUseCompression(false)
            .setDecompressionSupported(false)
            .setName("expert-" + config.name());
    if (config.http2()) {
      options.setProtocolVersion(HttpVersion.HTTP_2).setHttp2ClearTextUpgrade(false);
      if (ssl) {
        options.setUseAlpn(true).setAlpnVersions(List.of(HttpVersion.HTTP_2, HttpVersion.HTTP_1_1));
      }
    }
    this.vertx = vertx;
    this.clientOptions = options;
    this.poolOptions =
        new PoolOptions()
            .setHttp1MaxSize(config.maxConnections())
            .setHttp2MaxSize(Math.max(1, Math.min(config.maxConnections(), 8)))
            .setMaxWaitQueueSize(-1);
  }

  public static ConnectionKey keyOf(ExpertConfig config, PolicyConfig policy) {
    return ConnectionKey.of(config, policy);
  }

  public ConnectionKey connectionKey() {
    return connectionKey;
  }

  /**
   * Adopts a new config with the same connection settings (weights, prices, descriptions may
   * change).
   */
  public void update(ExpertConfig newConfig, String apiKey) {
    this.config = Objects.requireNonNull(newConfig);
    this.authorization = apiKey == null ? null : "Bearer " + apiKey;
  }

  @Override
  public ExpertConfig config() {
    return config;
  }

  @Override
  public boolean healthy() {
    return healthy;
  }

  @Override
  public CircuitState circuit() {
    return circuit.state();
  }

  @Override
  public int inFlight() {
    return inFlight.get();
  }

  @Override
  public double latencyEwmaMs() {
    return latency.get();
  }

  @Override
  public double ttftEwmaMs() {
    return ttft.get();
  }

  @Override
  public double latencyP95Ms() {
    return recent.p95Ms();
  }

  /** The calling event loop's client; {@code maxConnections} applies per event loop. */
  public HttpClient client() {
    HttpClient c = clients.get(Thread.currentThread());
    if (c == null) {
      c =
          clients.computeIfAbsent(
              Thread.currentThread(),
              t -> vertx.httpClientBuilder().with(clientOptions).with(poolOptions).build());
      if (closed) {
        c.close();
      }
    }
    return c;
  }

  public String host() {
    return host;
  }

  public int port() {
    return port;
  }

  public boolean ssl() {
    return ssl;
  }

  public String uri(String path) {
    return basePath + path;
  }

  /** {@code Bearer <key>} from the expert's Secret file, or null. Never logged. */
  public String authorization() {
    return authorization;
  }

  public CircuitBreaker breaker() {
    return circuit;
  }

  public void started() {
    inFlight.incrementAndGet();
  }

  public void finished() {
    inFlight.decrementAndGet();
  }

  public void observeLatency(double totalMs, double firstByteMs) {
    latency.add(totalMs);
    recent.record(totalMs);
    ttft.add(firstByteMs);
  }

  /**
   * Records an active health check result with the policy's thresholds. Called on one event loop
   * only.
   */
  public void healthCheckResult(boolean ok, int unhealthyThreshold, int healthyThreshold) {
    if (ok) {
      healthFailures = 0;
      if (++healthSuccesses >= healthyThreshold) {
        healthy = true;
      }
    } else {
      healthSuccesses = 0;
      if (++healthFailures >= unhealthyThreshold) {
        healthy = false;
      }
    }
  }

  public void close() {
    closed = true;
    clients.values().forEach(HttpClient::close);
  }
}
