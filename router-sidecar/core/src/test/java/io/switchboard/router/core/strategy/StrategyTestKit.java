package io.switchboard.router.core.strategy;

import io.switchboard.router.config.Capabilities;
import io.switchboard.router.config.ExpertConfig;
import io.switchboard.router.core.spi.CircuitState;
import io.switchboard.router.core.spi.Endpoint;
import io.switchboard.router.core.spi.ExpertState;
import io.switchboard.router.core.spi.RequestFeatures;
import io.switchboard.router.core.spi.RoutingRequest;
import io.switchboard.router.core.spi.StaticExpertState;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Small fakes shared by the strategy tests: experts, requests with a given prompt and embedding
 * function.
 */
public final class StrategyTestKit {

  private StrategyTestKit() {}

  public static ExpertConfig expert(String name, Capabilities capabilities, String description) {
    return new ExpertConfig(
        name,
        name,
        "http://127.0.0.1:1",
        null,
        null,
        1.0,
        2.0,
        capabilities,
        description,
        null,
        null,
        null,
        null,
        null);
  }

  public static ExpertState available(String name) {
    return StaticExpertState.idle(expert(name, null, ""));
  }

  public static ExpertState available(ExpertConfig config) {
    return StaticExpertState.idle(config);
  }

  public static ExpertState down(String name) {
    return new StaticExpertState(
        expert(name, null, ""), true, CircuitState.OPEN, 0, Double.NaN, Double.NaN);
  }

  /**
   * A request whose embedding is computed by {@code embed}; {@code embeddings} counts the calls.
   */
  public static RoutingRequest request(
      String id, String prompt, Function<String, float[]> embed, AtomicInteger embeddings) {
    RequestFeatures features =
        new RequestFeatures() {
          @Override
          public String promptText() {
            return prompt;
          }

          @Override
          public String lastUserText() {
            return prompt;
          }

          @Override
          public String messagesJson() {
            return "[]";
          }

          @Override
          public int estimatedPromptTokens() {
            return Math.max(1, prompt.length() / 4);
          }

          @Override
          public CompletionStage<float[]> embedding() {
            embeddings.incrementAndGet();
            return CompletableFuture.completedFuture(embed.apply(prompt));
          }
        };
    return new RoutingRequest(
        id, "policy", "auto", Endpoint.CHAT_COMPLETIONS, false, -1, "anonymous", features);
  }
}
