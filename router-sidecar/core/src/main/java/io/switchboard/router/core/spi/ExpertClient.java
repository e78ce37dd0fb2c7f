package io.switchboard.router.core.spi;

import java.time.Duration;
import java.util.concurrent.CompletionStage;

/**
 * Lets a strategy call an expert itself (LLM-as-router, cascade judge) through the data plane's
 * pooled upstream client, with its retries, timeouts, circuit breaker and cost accounting. The call
 * is non-streaming.
 */
public interface ExpertClient {

  /**
   * Sends {@code {"model": <expert's model>, "messages": chatMessagesJson, "max_tokens":
   * maxTokens}} to the expert's {@code /v1/chat/completions}.
   *
   * @param expertName an expert of the loaded config
   * @param chatMessagesJson a JSON array of OpenAI chat messages
   * @param maxTokens completion limit
   * @param timeout deadline of the whole call
   * @return the reply; completes exceptionally on upstream failure or timeout
   */
  CompletionStage<ExpertReply> complete(
      String expertName, String chatMessagesJson, int maxTokens, Duration timeout);
}
