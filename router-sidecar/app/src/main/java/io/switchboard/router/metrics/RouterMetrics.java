package io.switchboard.router.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import io.switchboard.router.core.plan.ShadowComparison;
import io.switchboard.router.core.spi.CircuitState;
import io.switchboard.router.core.spi.ExpertState;
import io.switchboard.router.core.spi.StrategyMeter;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.DoubleSupplier;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * Router metrics. Tags are low-cardinality by construction: policy and expert names come from the
 * config, tenant from the API key file, status is a class (2xx, 4xx, 5xx, 499), reasons and error
 * kinds are fixed strings from code. Meters are cached per tag combination to keep registry lookups
 * off the hot path.
 */
@Singleton
public class RouterMetrics {
  private static final Duration[] SLOS = {
    Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(25), Duration.ofMillis(100),
        Duration.ofMillis(250),
    Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(5),
        Duration.ofSeconds(10),
    Duration.ofSeconds(30), Duration.ofSeconds(60)
  };
  private static final Duration[] OVERHEAD_SLOS = {
    Duration.ofNanos(100_000), Duration.ofNanos(250_000), Duration.ofNanos(500_000),
        Duration.ofMillis(1),
    Duration.ofMillis(2), Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(50)
  };

  private final MeterRegistry registry;
  private final AtomicInteger configRefused = new AtomicInteger();
  private volatile Gauge configRefusedGauge;
  private Meter activeConfigGauge;
  private final ConcurrentHashMap<Object, Object> meters = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, ExpertState> circuitSources = new ConcurrentHashMap<>();
  private volatile List<Object> embeddingCacheSources = List.of();

  public RouterMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  private record Key(String name, String a, String b, String c, String d) {}

  private Counter counter(
      String name, String ka, String a, String kb, String b, String kc, String c) {
    Key key = new Key(name, a, b, c, null);
    Object known = meters.get(key);
    if (known != null) {
      return (Counter) known; // looked up first: the lambda below is allocated on a miss only
    }
    return (Counter)
        meters.computeIfAbsent(
            key,
            k -> {
              Counter.Builder builder = Counter.builder(name).tag(ka, a);
              if (kb != null) {
                builder.tag(kb, b);
              }
              if (kc != null) {
                builder.tag(kc, c);
              }
              return builder.register(registry);
            });
  }

  /** A counter of four tags, named {@code key.name()}, their values {@code key.a()..d()}. */
  private Counter counter4(Key key, String ka, String kb, String kc, String kd) {
    Object known = meters.get(key);
    if (known != null) {
      return (Counter) known;
    }
    return (Counter)
        meters.computeIfAbsent(
            key,
            k ->
                Counter.builder(key.name())
                    .tag(ka, key.a())
                    .tag(kb, key.b())
                    .tag(kc, key.c())
                    .tag(kd, key.d())
                    .register(registry));
  }

  private Timer timer(String name, Duration[] slos, String ka, String a, String kb, String b) {
    Key key = new Key(name, a, b, null, "timer");
    Object known = meters.get(key);
    if (known != null) {
      return (Timer) known;
    }
    return (Timer)
        meters.computeIfAbsent(
            key,
            k -> {
              Timer.Builder builder =
                  Timer.builder(name)
                      .tag(ka, a)
                      .serviceLevelObjectives(slos)
                      .minimumExpectedValue(slos[0])
                      .maximumExpectedValue(slos[slos.length - 1]);
              if (kb != null) {
                builder.tag(kb, b);
              }
              return builder.register(registry);
            });
  }

  /**
   * A finished client request. {@code expert} is "none" when no expert was reached; {@code tenant}
   * is the caller's tenant ({@code anonymous} without keys, {@code none} when its key was refused).
   */
  public void request(
      String policy,
      String expert,
      String tenant,
      int status,
      long totalNanos,
      long upstreamNanos) {
    String statusClass = status == 499 ? "499" : (status / 100) + "xx";
    counter4(
            new Key("switchboard.router.requests", policy, expert, statusClass, tenant),
            "policy",
            "expert",
            "status",
            "tenant")
        .increment();
    timer("switchboard.router.request.duration", SLOS, "policy", policy, "expert", expert)
        .record(totalNanos, TimeUnit.NANOSECONDS);
    if (upstreamNanos >= 0) {
      timer("switchboard.router.overhead", OVERHEAD_SLOS, "policy", policy, null, null)
          .record(Math.max(0, totalNanos - upstreamNanos), TimeUnit.NANOSECONDS);
    }
  }

  /** Time from receiving the request to forwarding the first upstream body byte. */
  public void timeToFirstToken(String policy, String expert, long nanos) {
    timer("switchboard.router.ttft", SLOS, "policy", policy, "expert", expert)
        .record(nanos, TimeUnit.NANOSECONDS);
  }

  public void tokens(
      String policy, String expert, long prompt, long completion, boolean estimated) {
    counter(
            "switchboard.router.tokens",
            "policy",
            policy,
            "expert",
            expert,
            "type",
            estimated ? "prompt-estimated" : "prompt-upstream")
        .increment(prompt);
    counter(
            "switchboard.router.tokens",
            "policy",
            policy,
            "expert",
            expert,
            "type",
            estimated ? "completion-estimated" : "completion-upstream")
        .increment(completion);
  }

  public void cost(String policy, String expert, String tenant, double usd) {
    counter("switchboard.router.cost.usd", "policy", policy, "expert", expert, "tenant", tenant)
        .increment(usd);
  }

  public void decision(String policy, String mode, String expert, String reason) {
    counter4(
            new Key("switchboard.router.decisions", policy, mode, expert, reason),
            "policy",
            "mode",
            "expert",
            "reason")
        .increment();
  }

  /**
   * One shadow-sampled request that was served: the served and the shadow's expert, and what each
   * cost or would have cost (summed by the operator into {@code RoutingPolicy.status.shadow}).
   */
  public void shadowSample(String policy, String shadowMode, ShadowComparison c) {
    counter4(
            new Key(
                "switchboard.router.shadow.samples",
                policy,
                shadowMode,
                c.servedExpert(),
                c.shadowExpert()),
            "policy",
            "shadow_mode",
            "expert",
            "shadow_expert")
        .increment();
    counter(
            "switchboard.router.shadow.cost.usd",
            "policy",
            policy,
            "shadow_mode",
            shadowMode,
            "side",
            "served")
        .increment(c.servedCostUsd());
    counter(
            "switchboard.router.shadow.cost.usd",
            "policy",
            policy,
            "shadow_mode",
            shadowMode,
            "side",
            "shadow")
        .increment(c.shadowCostUsd());
    if (c.measured()) {
      counter(
              "switchboard.router.shadow.mirrored",
              "policy",
              policy,
              "shadow_mode",
              shadowMode,
              null,
              null)
          .increment();
    }
  }

  /** A sampled request the shadow mode could not decide (kept out of the comparison). */
  public void shadowFailure(String policy, String shadowMode, String reason) {
    counter(
            "switchboard.router.shadow.failures",
            "policy",
            policy,
            "shadow_mode",
            shadowMode,
            "reason",
            reason)
        .increment();
  }

  /**
   * A quality grade of an expert's answer in [0,1] (client feedback or a cascade judge): count and
   * sum per expert give its mean quality, which the shadow comparison weighs by each mode's
   * choices.
   */
  public void qualityGrade(String policy, String expert, String source, double score) {
    ((DistributionSummary)
            meters.computeIfAbsent(
                new Key("quality.grade", policy, expert, source, "summary"),
                k ->
                    DistributionSummary.builder("switchboard.router.quality.grade")
                        .tag("policy", policy)
                        .tag("expert", expert)
                        .tag("source", source)
                        .register(registry)))
        .record(score);
  }

  /**
   * A learned strategy's predicted quality of the expert it chose, per policy and expert: the
   * running mean is {@code _sum / _count} of {@code switchboard_router_predicted_quality}.
   */
  public void predictedQuality(String policy, String expert, double quality) {
    summary(
            "switchboard.router.predicted.quality",
            "Predicted quality in [0,1] of the expert a learned strategy chose",
            policy,
            expert,
            null)
        .record(quality);
  }

  private DistributionSummary summary(
      String name, String help, String policy, String expert, String source) {
    return (DistributionSummary)
        meters.computeIfAbsent(
            new Key(name, policy, expert, source, null),
            k -> {
              DistributionSummary.Builder builder =
                  DistributionSummary.builder(name)
                      .description(help)
                      .tag("policy", policy)
                      .tag("expert", expert);
              if (source != null) {
                builder.tag("source", source);
              }
              return builder.register(registry);
            });
  }

  public void retry(String policy, String expert) {
    counter("switchboard.router.retries", "policy", policy, "expert", expert, null, null)
        .increment();
  }

  /** A fallback away from {@code fromExpert}. */
  public void fallback(String policy, String fromExpert) {
    counter("switchboard.router.fallbacks", "policy", policy, "expert", fromExpert, null, null)
        .increment();
  }

  public void upstreamError(String policy, String expert, String kind) {
    counter("switchboard.router.upstream.errors", "policy", policy, "expert", expert, "kind", kind)
        .increment();
  }

  /** A request arriving while the operator marks the budget exceeded, by enforcement level. */
  public void budgetExceeded(String policy, String enforcement) {
    counter(
            "switchboard.router.budget.exceeded.requests",
            "policy",
            policy,
            "enforcement",
            enforcement,
            null,
            null)
        .increment();
  }

  public void configReload(boolean ok) {
    counter(
            "switchboard.router.config.reloads",
            "result",
            ok ? "success" : "refused",
            null,
            null,
            null,
            null)
        .increment();
    configRefused(!ok);
  }

  /** Whether the newest config file is refused while an older one serves. */
  public void configRefused(boolean refused) {
    configRefused.set(refused ? 1 : 0);
    if (configRefusedGauge == null) {
      configRefusedGauge =
          Gauge.builder("switchboard.router.config.refused", configRefused, AtomicInteger::get)
              .description(
                  "1 while the newest config file is refused and an older one still serves")
              .register(registry);
    }
  }

  /**
   * The active config file's SHA-256 as a tag of a constant-1 gauge: the operator compares it with
   * the hash of the configuration it published to see which replicas serve it.
   */
  public synchronized void activeConfig(String sha256) {
    if (activeConfigGauge != null) {
      registry.remove(activeConfigGauge);
    }
    activeConfigGauge =
        Gauge.builder("switchboard.router.config.active", () -> 1)
            .tag("sha256", sha256)
            .description("The SHA-256 of the config file the router serves (value always 1)")
            .register(registry);
  }

  /**
   * Registers a strategy's own meters, tagged with policy and mode. Returns them so the caller
   * removes them when the strategy is replaced: a meter id that stays registered would keep reading
   * the retired strategy.
   */
  /**
   * Meters registered for one strategy, and their sources: Micrometer holds a function meter's
   * source weakly, and these sources are lambdas nothing else references, so the binding keeps them
   * alive until it is unbound.
   */
  public record Binding(List<Meter> meters, List<StrategyMeter> sources) {
    public static final Binding NONE = new Binding(List.of(), List.of());
  }

  public Binding bindStrategy(String policy, String mode, List<StrategyMeter> strategyMeters) {
    List<Meter> bound = new ArrayList<>(strategyMeters.size());
    for (StrategyMeter m : strategyMeters) {
      List<Tag> tags = new ArrayList<>(List.of(Tag.of("policy", policy), Tag.of("mode", mode)));
      m.tags().forEach((k, v) -> tags.add(Tag.of(k, v)));
      DoubleSupplier value = m.value();
      bound.add(
          m.kind() == StrategyMeter.Kind.COUNTER
              ? FunctionCounter.builder(m.name(), value, DoubleSupplier::getAsDouble)
                  .tags(tags)
                  .description(m.description())
                  .register(registry)
              : Gauge.builder(m.name(), value, DoubleSupplier::getAsDouble)
                  .tags(tags)
                  .description(m.description())
                  .register(registry));
    }
    return new Binding(List.copyOf(bound), List.copyOf(strategyMeters));
  }

  public void unbind(Binding binding) {
    binding.meters().forEach(registry::remove);
  }

  /** The query-embedding cache shared by every embedding strategy of this router. */
  public void bindEmbeddingCache(LongSupplier hits, LongSupplier misses, IntSupplier entries) {
    embeddingCacheSources = List.of(hits, misses, entries); // held strongly, see Binding
    String lookups = "switchboard.router.embedding.cache.lookups";
    FunctionCounter.builder(lookups, hits, LongSupplier::getAsLong)
        .tag("result", "hit")
        .description("Query-embedding cache lookups by result")
        .register(registry);
    FunctionCounter.builder(lookups, misses, LongSupplier::getAsLong)
        .tag("result", "miss")
        .description("Query-embedding cache lookups by result")
        .register(registry);
    Gauge.builder("switchboard.router.embedding.cache.entries", entries, IntSupplier::getAsInt)
        .register(registry);
  }

  /**
   * Tracks the circuit of the current runtime of each expert name (0 closed, 1 half-open, 2 open).
   */
  public void trackCircuit(ExpertState expert) {
    boolean isNew = circuitSources.put(expert.name(), expert) == null;
    if (isNew) {
      String name = expert.name();
      Gauge.builder(
              "switchboard.router.circuit.state",
              circuitSources,
              m -> {
                ExpertState e = m.get(name);
                if (e == null) {
                  return Double.NaN;
                }
                CircuitState s = e.circuit();
                return s == CircuitState.CLOSED ? 0 : s == CircuitState.HALF_OPEN ? 1 : 2;
              })
          .tag("expert", name)
          .description("0 closed, 1 half-open, 2 open")
          .register(registry);
      Gauge.builder(
              "switchboard.router.expert.healthy",
              circuitSources,
              m -> {
                ExpertState e = m.get(name);
                return e == null ? Double.NaN : e.healthy() ? 1 : 0;
              })
          .tag("expert", name)
          .register(registry);
      Gauge.builder(
              "switchboard.router.expert.inflight",
              circuitSources,
              m -> {
                ExpertState e = m.get(name);
                return e == null ? Double.NaN : e.inFlight();
              })
          .tag("expert", name)
          .register(registry);
    }
  }
}
