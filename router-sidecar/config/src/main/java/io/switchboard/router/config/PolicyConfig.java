package io.switchboard.router.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The routing policy: which mode picks the expert, with which typed parameters, and how the data
 * plane retries, times out and falls back.
 *
 * @param name RoutingPolicy name (metrics tag {@code policy})
 * @param namespace RoutingPolicy namespace
 * @param virtualModel model name clients send to be routed by this policy (e.g. {@code "auto"})
 * @param mode routing mode; its parameter block is {@code params.<mode>}
 * @param params typed per-mode parameter blocks
 * @param rewardWeights how learning strategies trade quality, cost and latency
 * @param fallback experts tried, in order, after the strategy's own fallbacks are exhausted
 * @param allowDirectExpert whether a client may name a concrete expert in {@code model} (default
 *     true)
 * @param shadow a second mode evaluated on a sample of requests without serving them; null: none
 * @param maxBodyBytes request bodies above this are refused with 413 (default 4 MiB)
 * @param embedding prompt encoder of the modes that embed the prompt
 * @param controlTokenSha256 hex SHA-256 of the bearer token the operator presents on the
 *     learned-state exchange ({@code /switchboard/learning/*}); absent: those endpoints are open
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PolicyConfig(
    String name,
    String namespace,
    String virtualModel,
    Mode mode,
    ModeParams params,
    RewardWeights rewardWeights,
    List<String> fallback,
    Boolean allowDirectExpert,
    RetryPolicy retries,
    Timeouts timeouts,
    CircuitBreakerParams circuitBreaker,
    HealthCheckParams healthCheck,
    ShadowParams shadow,
    Long maxBodyBytes,
    EmbeddingParams embedding,
    String controlTokenSha256) {

  public static final long DEFAULT_MAX_BODY_BYTES = 4L * 1024 * 1024;

  public PolicyConfig {
    namespace = namespace == null ? "default" : namespace;
    params = params == null ? ModeParams.EMPTY : params;
    rewardWeights = rewardWeights == null ? RewardWeights.DEFAULT : rewardWeights;
    fallback = fallback == null ? List.of() : List.copyOf(fallback);
    allowDirectExpert = allowDirectExpert == null ? Boolean.TRUE : allowDirectExpert;
    retries = retries == null ? RetryPolicy.DEFAULT : retries;
    timeouts = timeouts == null ? Timeouts.DEFAULT : timeouts;
    circuitBreaker = circuitBreaker == null ? CircuitBreakerParams.DEFAULT : circuitBreaker;
    healthCheck = healthCheck == null ? HealthCheckParams.DEFAULT : healthCheck;
    maxBodyBytes = maxBodyBytes == null ? DEFAULT_MAX_BODY_BYTES : maxBodyBytes;
    embedding = embedding == null ? EmbeddingParams.DEFAULT : embedding;
  }
}
