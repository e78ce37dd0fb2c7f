package io.switchboard.router.core.spi;

/**
 * A buffered, non-streamed expert answer.
 *
 * @param expert expert that answered
 * @param text first choice's message content (or text for completions)
 * @param tokenLogprobs log-probabilities of the generated tokens when the upstream returned them,
 *     else empty
 * @param finishReason first choice's finish reason, or null
 * @param promptTokens from upstream usage, or estimated
 * @param completionTokens from upstream usage, or estimated
 * @param usageEstimated true when the token counts are estimates (upstream sent no usage)
 * @param latencyMs wall time of the call
 */
public record ExpertReply(
    String expert,
    String text,
    double[] tokenLogprobs,
    String finishReason,
    long promptTokens,
    long completionTokens,
    boolean usageEstimated,
    long latencyMs) {

  public boolean hasLogprobs() {
    return tokenLogprobs != null && tokenLogprobs.length > 0;
  }
}
