package io.switchboard.router.core.strategy.llm;

import io.switchboard.router.config.ExpertConfig;
import io.switchboard.router.core.spi.Candidates;
import io.switchboard.router.core.spi.Decision;
import io.switchboard.router.core.spi.ExpertClient;
import io.switchboard.router.core.spi.ExpertReply;
import io.switchboard.router.core.spi.ExpertState;
import io.switchboard.router.core.spi.RoutingRequest;
import io.switchboard.router.core.spi.RoutingStrategy;
import io.switchboard.router.core.spi.StrategyMeter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * {@code llm} mode: a router LLM (any expert of the pool) reads the experts' descriptions and the
 * query and answers {@code {"expert": "<name>"}}. Flow: exact cache → (semantic cache by embedding,
 * when enabled) → router LLM call with a deadline → strict parse and validation. A timeout, an
 * upstream error or an invalid answer hands the request to the fallback strategy (another mode),
 * with reason {@code llm-fallback}.
 */
public final class LlmRouterStrategy implements RoutingStrategy {

  private final String routerExpert;
  private final Duration timeout;
  private final ExpertClient client;
  private final RoutingStrategy fallback;
  private final DecisionCache cache;
  private final RouterPrompt prompt = new RouterPrompt();
  private final RouterReplyParser parser = new RouterReplyParser();
  private final LongAdder fallbacks = new LongAdder();

  public LlmRouterStrategy(
      String routerExpert,
      Duration timeout,
      ExpertClient client,
      RoutingStrategy fallback,
      DecisionCache cache) {
    this.routerExpert = routerExpert;
    this.timeout = timeout;
    this.client = client;
    this.fallback = fallback;
    this.cache = cache;
  }

  @Override
  public String type() {
    return "llm";
  }

  @Override
  public boolean embedsPrompts() {
    return cache.semantic() || fallback.embedsPrompts();
  }

  @Override
  public CompletionStage<Decision> route(RoutingRequest request, Candidates candidates) {
    if (candidates.isEmpty()) {
      return CompletableFuture.failedFuture(candidates.noneAvailable());
    }
    List<String> names = candidates.names();
    String text = request.features().promptText();
    Optional<DecisionCache.Hit> exact = cache.exact(text);
    if (exact.isPresent() && names.contains(exact.get().expert())) {
      return CompletableFuture.completedFuture(
          decision(exact.get().expert(), "cache-exact", names));
    }
    if (!cache.semantic()) {
      cache.countMiss();
      return askRouter(request, candidates, names, text, null);
    }
    return request
        .features()
        .embedding()
        .thenCompose(
            embedding -> {
              Optional<DecisionCache.Hit> similar = cache.similar(embedding);
              if (similar.isPresent() && names.contains(similar.get().expert())) {
                return CompletableFuture.completedFuture(
                    decision(similar.get().expert(), "cache-semantic", names));
              }
              return askRouter(request, candidates, names, text, embedding);
            });
  }

  private CompletionStage<Decision> askRouter(
      RoutingRequest request,
      Candidates candidates,
      List<String> names,
      String text,
      float[] embedding) {
    List<ExpertConfig> configs = candidates.available().stream().map(ExpertState::config).toList();
    CompletableFuture<ExpertReply> call;
    try {
      call =
          client
              .complete(routerExpert, prompt.messagesJson(configs, text), 32, timeout)
              .toCompletableFuture();
    } catch (RuntimeException e) {
      call = CompletableFuture.failedFuture(e); // a client that throws instead of failing the stage
    }
    return call.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
        .handle(
            (reply, failure) -> {
              if (failure != null) {
                return Optional.<String>empty();
              }
              return parser.parse(reply.text(), names).expert();
            })
        .thenCompose(
            choice -> {
              if (choice.isPresent()) {
                cache.put(text, embedding, choice.get());
                return CompletableFuture.completedFuture(
                    decision(choice.get(), "router-llm", names));
              }
              fallbacks.increment();
              return fallback
                  .route(request, candidates)
                  .thenApply(
                      d ->
                          new Decision(
                              d.expert(),
                              "llm-fallback",
                              d.fallbacks(),
                              d.escalation(),
                              d.predictedQuality()));
            });
  }

  private static Decision decision(String expert, String reason, List<String> available) {
    List<String> rest = new ArrayList<>(available);
    rest.remove(expert);
    return Decision.of(expert, reason, rest);
  }

  public DecisionCache.Stats cacheStats() {
    return cache.stats();
  }

  public long fallbackCount() {
    return fallbacks.sum();
  }

  @Override
  public List<StrategyMeter> meters() {
    String lookups = "switchboard.router.llm.cache.lookups";
    String help = "Router-LLM decision cache lookups by result";
    List<StrategyMeter> meters =
        new ArrayList<>(
            List.of(
                StrategyMeter.counter(
                    lookups, help, Map.of("result", "exact"), () -> cache.stats().exactHits()),
                StrategyMeter.counter(
                    lookups,
                    help,
                    Map.of("result", "semantic"),
                    () -> cache.stats().semanticHits()),
                StrategyMeter.counter(
                    lookups, help, Map.of("result", "miss"), () -> cache.stats().misses()),
                StrategyMeter.gauge(
                    "switchboard.router.llm.cache.entries",
                    "Decisions held by the router-LLM cache",
                    Map.of(),
                    () -> cache.stats().size()),
                StrategyMeter.counter(
                    "switchboard.router.llm.fallbacks",
                    "Requests the fallback strategy decided (router LLM timed out, failed or answered invalidly)",
                    Map.of(),
                    fallbacks::sum)));
    meters.addAll(fallback.meters());
    return meters;
  }

  @Override
  public void close() {
    fallback.close();
  }
}
