package io.switchboard.router.core.strategy.llm;

import static io.switchboard.router.core.strategy.StrategyTestKit.available;
import static io.switchboard.router.core.strategy.StrategyTestKit.down;
import static io.switchboard.router.core.strategy.StrategyTestKit.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.router.core.spi.Candidates;
import io.switchboard.router.core.spi.Decision;
import io.switchboard.router.core.spi.ExpertClient;
import io.switchboard.router.core.spi.ExpertReply;
import io.switchboard.router.core.spi.ExpertState;
import io.switchboard.router.core.spi.RoutingStrategy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LlmRouterStrategyTest {

  private final List<String> routerReplies = new ArrayList<>();
  private final List<String> sentPrompts = new ArrayList<>();
  private final AtomicInteger embeddings = new AtomicInteger();
  private final ExpertClient client =
      (expert, messages, maxTokens, timeout) -> {
        sentPrompts.add(messages);
        String reply = routerReplies.remove(0);
        if (reply == null) {
          return new CompletableFuture<>(); // never answers: the deadline must fire
        }
        return CompletableFuture.completedFuture(
            new ExpertReply(expert, reply, new double[0], "stop", 10, 5, false, 3));
      };
  private final RoutingStrategy fallback =
      new RoutingStrategy() {
        @Override
        public String type() {
          return "weighted";
        }

        @Override
        public java.util.concurrent.CompletionStage<Decision> route(
            io.switchboard.router.core.spi.RoutingRequest r, Candidates c) {
          return CompletableFuture.completedFuture(Decision.of("small", "weight", List.of()));
        }
      };
  private final List<ExpertState> experts =
      List.of(available("small"), available("large"), available("router"));

  private LlmRouterStrategy strategy(double semanticThreshold) {
    return new LlmRouterStrategy(
        "router",
        Duration.ofMillis(200),
        client,
        fallback,
        new DecisionCache(100, 3600, semanticThreshold, java.time.Clock.systemUTC()));
  }

  private Decision route(LlmRouterStrategy s, String prompt) {
    return s.route(
            request(
                "r",
                prompt,
                text -> text.contains("integral") ? new float[] {1, 0} : new float[] {0, 1},
                embeddings),
            Candidates.of(experts))
        .toCompletableFuture()
        .join();
  }

  @Test
  void asksTheRouterLlmThenServesRepeatsFromTheCache() {
    LlmRouterStrategy s = strategy(0.95);
    routerReplies.add("{\"expert\": \"large\"}");
    assertThat(route(s, "compute the integral of x^2"))
        .extracting(Decision::expert, Decision::reason)
        .containsExactly("large", "router-llm");
    assertThat(sentPrompts.get(0))
        .contains("small", "large", "{\\\"expert\\\"", "compute the integral");
    assertThat(route(s, "compute the integral of x^2").reason()).isEqualTo("cache-exact");
    // A different prompt with the same (fake) embedding is a semantic hit: no router call.
    assertThat(route(s, "evaluate the integral of sin x"))
        .extracting(Decision::expert, Decision::reason)
        .containsExactly("large", "cache-semantic");
    assertThat(sentPrompts).hasSize(1);
    assertThat(s.cacheStats()).isEqualTo(new DecisionCache.Stats(1, 1, 1, 1));
  }

  @Test
  void malformedAnswerUnknownExpertAndTimeoutFallBack() {
    LlmRouterStrategy s = strategy(1.0);
    routerReplies.add("Sure! I'd pick large.");
    routerReplies.add("{\"expert\": \"gpt-9\"}");
    routerReplies.add(null);
    assertThat(route(s, "a").reason()).isEqualTo("llm-fallback");
    assertThat(route(s, "b").reason()).isEqualTo("llm-fallback");
    assertThat(route(s, "c"))
        .extracting(Decision::expert, Decision::reason)
        .containsExactly("small", "llm-fallback");
    assertThat(s.fallbackCount()).isEqualTo(3);
    assertThat(embeddings).hasValue(0); // exact-only cache: no embedding needed
  }

  @Test
  void cachedExpertThatIsDownIsNotServed() {
    LlmRouterStrategy s = strategy(1.0);
    routerReplies.add("{\"expert\": \"large\"}");
    route(s, "q");
    routerReplies.add("{\"expert\": \"small\"}");
    Decision d =
        s.route(
                request("r2", "q", t -> new float[] {1}, embeddings),
                Candidates.of(List.of(available("small"), down("large"), available("router"))))
            .toCompletableFuture()
            .join();
    assertThat(d.expert()).isEqualTo("small");
    assertThat(d.reason()).isEqualTo("router-llm");
  }
}
