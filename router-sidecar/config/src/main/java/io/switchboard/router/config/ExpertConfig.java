package io.switchboard.router.config;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One expert the router can send requests to.
 *
 * @param name unique name within the config (metrics tag {@code expert}; clients may send it as
 *     {@code model})
 * @param model model name sent upstream (the request's {@code model} is rewritten to it)
 * @param endpoint base URL of the OpenAI-compatible server, e.g. {@code http://llama.ns.svc:8000};
 *     paths {@code /v1/chat/completions} etc. are appended
 * @param kind {@code chat} (default) or {@code embedding}
 * @param apiKeyFile path of a mounted Secret file holding the API key (external APIs); never the
 *     key itself
 * @param inputUsdPerMillion price of prompt tokens
 * @param outputUsdPerMillion price of completion tokens
 * @param capabilities capability vector for the capability mode (each in [0,1])
 * @param description free text for the LLM-as-router mode
 * @param healthPath optional active health check path, e.g. {@code /health}
 * @param weight static weight for the weighted mode (default 1; 0 disables)
 * @param priority lower is preferred; weighted mode serves from the lowest priority tier with a
 *     healthy expert
 * @param http2 use HTTP/2 (h2c prior knowledge for http, ALPN for https); default HTTP/1.1
 * @param maxConnections connection pool size (HTTP/1.1) or max HTTP/2 connections, per router event
 *     loop (default 64)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ExpertConfig(
    String name,
    String model,
    String endpoint,
    ExpertKind kind,
    String apiKeyFile,
    Double inputUsdPerMillion,
    Double outputUsdPerMillion,
    Capabilities capabilities,
    String description,
    String healthPath,
    Double weight,
    Integer priority,
    Boolean http2,
    Integer maxConnections) {

  public ExpertConfig {
    kind = kind == null ? ExpertKind.CHAT : kind;
    inputUsdPerMillion = inputUsdPerMillion == null ? 0.0 : inputUsdPerMillion;
    outputUsdPerMillion = outputUsdPerMillion == null ? 0.0 : outputUsdPerMillion;
    capabilities = capabilities == null ? Capabilities.NEUTRAL : capabilities;
    description = description == null ? "" : description;
    weight = weight == null ? 1.0 : weight;
    priority = priority == null ? 0 : priority;
    http2 = http2 == null ? Boolean.FALSE : http2;
    maxConnections = maxConnections == null ? 64 : maxConnections;
  }

  /** Cost in USD of a call with the given token counts. */
  public double costUsd(long promptTokens, long completionTokens) {
    return (promptTokens * inputUsdPerMillion + completionTokens * outputUsdPerMillion)
        / 1_000_000.0;
  }
}
