package io.switchboard.operator.expertpool;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.switchboard.operator.support.ChangeFeed;
import io.switchboard.operator.support.PrometheusText;
import io.switchboard.operator.support.ReadyEndpoints;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Reads an expert's serving engines ({@code /metrics} of every ready replica behind its Service)
 * and turns the change since the previous read into an {@link SloAutoscaler.Observation}: p95 TTFT
 * and TPOT over the window from the engines' histograms, waiting requests per replica and mean
 * KV-cache use now. vLLM 0.12's metric names are read (and served by the simulated expert), with
 * the names older releases used as fallbacks; SGLang's equivalents too. TGI exports no TTFT
 * histogram, so only its queue size counts. The previous read lives in memory: after an operator
 * restart the first window has no latency.
 *
 * <p>Engines are read in the background, once per interval, for the experts each pool's reconcile
 * asked to {@link #watch}; the reconcile takes the {@link #latest} observation, and a changed one
 * reconciles the pool through {@link #changes()}. No reconcile talks to an engine.
 */
public class EngineMetrics implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(EngineMetrics.class);
  private static final Duration TIMEOUT = Duration.ofSeconds(2);

  // Current names first, each engine's renamed ones after: vLLM 0.12 (vllm/v1/metrics/loggers.py)
  // exports kv_cache_usage_perc (gpu_cache_usage_perc until 0.9) and inter_token_latency_seconds
  // (time_per_output_token_seconds until 0.11), labelled model_name and engine; SGLang exports
  // sglang:time_to_first_token_seconds, sglang:inter_token_latency_seconds, sglang:num_queue_reqs
  // and sglang:token_usage; TGI only tgi_queue_size.
  static final List<String> TTFT_BUCKETS =
      List.of(
          "vllm:time_to_first_token_seconds_bucket", "sglang:time_to_first_token_seconds_bucket");
  static final List<String> INTER_TOKEN_BUCKETS =
      List.of(
          "vllm:inter_token_latency_seconds_bucket",
          "vllm:time_per_output_token_seconds_bucket",
          "sglang:inter_token_latency_seconds_bucket",
          "sglang:time_per_output_token_seconds_bucket");
  static final List<String> WAITING =
      List.of("vllm:num_requests_waiting", "sglang:num_queue_reqs", "tgi_queue_size");
  static final List<String> KV_CACHE_USAGE =
      List.of("vllm:kv_cache_usage_perc", "vllm:gpu_cache_usage_perc", "sglang:token_usage");

  private final KubernetesClient client;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
  private final Map<String, Totals> previous = new ConcurrentHashMap<>();
  private final Map<ResourceID, Set<String>> watched = new ConcurrentHashMap<>();
  private final Map<String, Latest> latest = new ConcurrentHashMap<>();
  private final AtomicLong rounds = new AtomicLong();
  private final ChangeFeed changes = new ChangeFeed();
  private ScheduledExecutorService scheduler;

  /**
   * One window's observation of an expert's engines.
   *
   * @param round which background round read it: a new round is a new window, even with equal
   *     values
   */
  public record Latest(long round, SloAutoscaler.Observation observation) {}

  /** Cumulative histograms (summed over replicas) and current gauges of one expert. */
  record Totals(
      TreeMap<Double, Double> ttft,
      TreeMap<Double, Double> tpot,
      double waiting,
      int engines,
      double kvCacheSum,
      int kvCacheReplicas,
      int replicas) {
    static Totals empty() {
      return new Totals(new TreeMap<>(), new TreeMap<>(), 0, 0, 0, 0, 0);
    }

    /**
     * Adds one replica's exposition. Every series of a name counts, so a data-parallel engine's
     * per-{@code engine} (vLLM) series are summed (queues, histograms) or averaged (KV use). Where
     * an engine renamed a metric, the current name is read and the old one only when the current
     * one is absent: vLLM 0.11 exports both ITL names with the same counts, which must not add up.
     */
    Totals plus(String exposition) {
      Map<String, List<PrometheusText.Sample>> byName = new HashMap<>();
      for (PrometheusText.Sample s : PrometheusText.parse(exposition)) {
        byName.computeIfAbsent(s.name(), n -> new ArrayList<>()).add(s);
      }
      TreeMap<Double, Double> ttftNow = new TreeMap<>(ttft);
      TreeMap<Double, Double> tpotNow = new TreeMap<>(tpot);
      for (PrometheusText.Sample s : firstPresent(byName, TTFT_BUCKETS)) {
        ttftNow.merge(s.upperBound(), s.value(), Double::sum);
      }
      for (PrometheusText.Sample s : firstPresent(byName, INTER_TOKEN_BUCKETS)) {
        tpotNow.merge(s.upperBound(), s.value(), Double::sum);
      }
      double waitingNow = waiting;
      List<PrometheusText.Sample> queues = firstPresent(byName, WAITING);
      for (PrometheusText.Sample s : queues) {
        waitingNow += s.value();
      }
      List<PrometheusText.Sample> kv = firstPresent(byName, KV_CACHE_USAGE);
      double kvSum = kvCacheSum;
      int kvReplicas = kvCacheReplicas;
      if (!kv.isEmpty()) {
        kvSum += kv.stream().mapToDouble(PrometheusText.Sample::value).average().orElse(0);
        kvReplicas++;
      }
      return new Totals(
          ttftNow, tpotNow, waitingNow, engines + queues.size(), kvSum, kvReplicas, replicas + 1);
    }

    private static List<PrometheusText.Sample> firstPresent(
        Map<String, List<PrometheusText.Sample>> byName, List<String> names) {
      for (String name : names) {
        List<PrometheusText.Sample> samples = byName.get(name);
        if (samples != null) {
          return samples;
        }
      }
      return List.of();
    }
  }

  public EngineMetrics(KubernetesClient client) {
    this.client = client;
  }

  /** Reads every {@code interval} from now on, on a thread of its own. */
  public synchronized void start(Duration interval) {
    if (scheduler == null) {
      scheduler =
          Executors.newSingleThreadScheduledExecutor(
              r -> {
                Thread thread = new Thread(r, "engine-metrics");
                thread.setDaemon(true);
                return thread;
              });
      scheduler.scheduleWithFixedDelay(
          this::collectAllLogged, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  @Override
  public synchronized void close() {
    if (scheduler != null) {
      scheduler.shutdownNow();
      scheduler = null;
    }
  }

  /**
   * Read the engines behind these Services (the pool's autoscaled experts) from the next round on;
   * the pool's other experts are no longer read.
   */
  public void watch(ResourceID pool, Set<String> services) {
    Set<String> before =
        services.isEmpty() ? watched.remove(pool) : watched.put(pool, Set.copyOf(services));
    if (before != null) {
      String namespace = pool.getNamespace().orElse("");
      before.stream().filter(s -> !services.contains(s)).forEach(s -> forget(namespace + "/" + s));
    }
  }

  public void forgetPool(ResourceID pool) {
    watch(pool, Set.of());
  }

  /** The latest observation of the expert behind this Service; empty when no replica answered. */
  public Optional<Latest> latest(String namespace, String service) {
    return Optional.ofNullable(latest.get(namespace + "/" + service));
  }

  /** Told the id of each pool whose engines' observation changed. */
  public ChangeFeed changes() {
    return changes;
  }

  private void collectAllLogged() {
    try {
      collectAll();
    } catch (RuntimeException e) {
      LOG.warnf(e, "reading the engines' metrics failed; next round in one interval");
    }
  }

  /** One round: every watched expert's engines, each read once. */
  void collectAll() {
    long round = rounds.incrementAndGet();
    for (var entry : Map.copyOf(watched).entrySet()) {
      String namespace = entry.getKey().getNamespace().orElse("");
      boolean changed = false;
      for (String service : entry.getValue()) {
        String key = namespace + "/" + service;
        Optional<SloAutoscaler.Observation> seen = observe(namespace, service);
        Latest before =
            seen.isPresent() ? latest.put(key, new Latest(round, seen.get())) : latest.remove(key);
        changed |= !Objects.equals(before == null ? null : before.observation(), seen.orElse(null));
      }
      if (changed && watched.containsKey(entry.getKey())) {
        changes.changed(entry.getKey());
      }
    }
  }

  /** Empty when no replica answered. */
  Optional<SloAutoscaler.Observation> observe(String namespace, String service) {
    Totals now = Totals.empty();
    for (URI target : targets(namespace, service)) {
      try {
        HttpResponse<String> response =
            http.send(
                HttpRequest.newBuilder(target).timeout(TIMEOUT).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 200) {
          now = now.plus(response.body());
        }
      } catch (IOException e) {
        LOG.debugf("engine metrics unavailable at %s: %s", target, e.getMessage());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Optional.empty();
      }
    }
    if (now.replicas() == 0) {
      return Optional.empty();
    }
    Totals before = previous.put(namespace + "/" + service, now);
    return Optional.of(observation(before, now));
  }

  private void forget(String key) {
    previous.remove(key);
    latest.remove(key);
  }

  static SloAutoscaler.Observation observation(Totals before, Totals now) {
    Double ttft = null;
    Double tpot = null;
    if (before != null) {
      ttft = p95Ms(window(now.ttft(), before.ttft()));
      tpot = p95Ms(window(now.tpot(), before.tpot()));
    }
    Double kv = now.kvCacheReplicas() == 0 ? null : now.kvCacheSum() / now.kvCacheReplicas();
    return new SloAutoscaler.Observation(
        ttft, tpot, now.waiting() / now.replicas(), kv, now.replicas(), now.engines());
  }

  /**
   * Bucket counts of the window; a replica restart (counts went down) makes the window the current
   * counts.
   */
  private static TreeMap<Double, Double> window(
      TreeMap<Double, Double> now, TreeMap<Double, Double> before) {
    double totalNow = now.getOrDefault(Double.POSITIVE_INFINITY, 0.0);
    double totalBefore = before.getOrDefault(Double.POSITIVE_INFINITY, 0.0);
    if (totalNow < totalBefore) {
      return now;
    }
    TreeMap<Double, Double> delta = new TreeMap<>();
    now.forEach((le, v) -> delta.put(le, v - before.getOrDefault(le, 0.0)));
    return delta;
  }

  /**
   * p95 in ms by linear interpolation inside the bucket (as Prometheus' histogram_quantile); 0 for
   * a window without requests, so an idle expert reads as far below any latency target.
   */
  static Double p95Ms(TreeMap<Double, Double> buckets) {
    double total = buckets.getOrDefault(Double.POSITIVE_INFINITY, 0.0);
    if (total <= 0) {
      return buckets.isEmpty() ? null : 0.0;
    }
    double rank = 0.95 * total;
    double lowerBound = 0;
    double lowerCount = 0;
    for (var e : buckets.entrySet()) {
      if (e.getValue() >= rank) {
        if (e.getKey().isInfinite()) {
          return lowerBound * 1000; // beyond the last finite bucket: its bound is all we know
        }
        double inBucket = e.getValue() - lowerCount;
        double fraction = inBucket <= 0 ? 1 : (rank - lowerCount) / inBucket;
        return (lowerBound + (e.getKey() - lowerBound) * fraction) * 1000;
      }
      lowerBound = e.getKey();
      lowerCount = e.getValue();
    }
    return null;
  }

  private List<URI> targets(String namespace, String service) {
    return ReadyEndpoints.baseUrls(
            client.endpoints().inNamespace(namespace).withName(service).get(), null)
        .stream()
        .map(base -> base.resolve("/metrics"))
        .toList();
  }
}
