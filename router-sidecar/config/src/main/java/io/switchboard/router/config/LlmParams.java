package io.switchboard.router.config;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * LLM-as-router: a small router expert reads the expert descriptions and the query and answers a
 * choice.
 *
 * @param routerExpert expert that makes the choice (required)
 * @param timeoutMs deadline of the router call; on expiry {@code fallbackMode} decides (default
 *     1500)
 * @param fallbackMode mode used when the router LLM times out or answers garbage (default weighted;
 *     not llm)
 * @param cache decision cache
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LlmParams(
    String routerExpert, Long timeoutMs, Mode fallbackMode, DecisionCacheParams cache) {
  public static final LlmParams DEFAULT = new LlmParams(null, null, null, null);

  public LlmParams {
    timeoutMs = timeoutMs == null ? 1_500L : timeoutMs;
    fallbackMode = fallbackMode == null ? Mode.WEIGHTED : fallbackMode;
    cache = cache == null ? DecisionCacheParams.DEFAULT : cache;
  }
}
