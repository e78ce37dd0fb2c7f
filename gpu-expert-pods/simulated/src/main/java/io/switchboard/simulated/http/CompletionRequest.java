package io.switchboard.simulated.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The parts of an OpenAI chat or text completion request the simulation uses.
 *
 * @param chat {@code /v1/chat/completions} (else {@code /v1/completions})
 * @param model requested model, {@code null} if absent
 * @param fullText all message texts joined by newlines (or the prompt)
 * @param lastUserMessage text of the last user message (chat), {@code null} otherwise
 * @param stream server-sent events requested
 * @param includeUsage {@code stream_options.include_usage}
 * @param maxTokens {@code max_completion_tokens} or {@code max_tokens}, {@code null} if absent
 * @param logprobs token log-probabilities requested ({@code logprobs: true}, or a positive count
 *     for legacy completions)
 */
record CompletionRequest(
    boolean chat,
    String model,
    String fullText,
    String lastUserMessage,
    boolean stream,
    boolean includeUsage,
    Integer maxTokens,
    boolean logprobs) {

  /**
   * @throws IllegalArgumentException with a client-facing message when the body is not a valid
   *     request
   */
  static CompletionRequest parse(JsonNode body, boolean chat) {
    if (body == null || !body.isObject()) {
      throw new IllegalArgumentException("request body must be a JSON object");
    }
    String model = body.hasNonNull("model") ? body.get("model").asText() : null;
    String fullText;
    String lastUser = null;
    if (chat) {
      JsonNode messages = body.get("messages");
      if (messages == null || !messages.isArray() || messages.isEmpty()) {
        throw new IllegalArgumentException("'messages' must be a non-empty array");
      }
      List<String> texts = new ArrayList<>();
      for (JsonNode message : messages) {
        String text = content(message.get("content"));
        texts.add(text);
        if ("user".equals(message.path("role").asText())) {
          lastUser = text;
        }
      }
      fullText = String.join("\n", texts);
    } else {
      JsonNode prompt = body.get("prompt");
      if (prompt != null && prompt.isArray() && !prompt.isEmpty()) {
        prompt = prompt.get(0);
      }
      if (prompt == null || !prompt.isTextual()) {
        throw new IllegalArgumentException("'prompt' must be a string");
      }
      fullText = prompt.asText();
    }
    JsonNode max =
        body.hasNonNull("max_completion_tokens")
            ? body.get("max_completion_tokens")
            : body.get("max_tokens");
    Integer maxTokens = null;
    if (max != null && !max.isNull()) {
      if (!max.canConvertToInt() || max.asInt() < 1) {
        throw new IllegalArgumentException("'max_tokens' must be a positive integer");
      }
      maxTokens = max.asInt();
    }
    boolean stream = body.path("stream").asBoolean(false);
    boolean includeUsage = body.path("stream_options").path("include_usage").asBoolean(false);
    JsonNode logprobsField = body.path("logprobs");
    boolean logprobs =
        logprobsField.isBoolean() ? logprobsField.asBoolean() : logprobsField.asInt(0) > 0;
    return new CompletionRequest(
        chat, model, fullText, lastUser, stream, includeUsage, maxTokens, logprobs);
  }

  /** Message content is a string or an array of parts of which the text parts count. */
  private static String content(JsonNode content) {
    if (content == null || content.isNull()) {
      return "";
    }
    if (content.isTextual()) {
      return content.asText();
    }
    if (content.isArray()) {
      List<String> parts = new ArrayList<>();
      for (JsonNode part : content) {
        if ("text".equals(part.path("type").asText())) {
          parts.add(part.path("text").asText());
        }
      }
      return String.join("\n", parts);
    }
    throw new IllegalArgumentException("message 'content' must be a string or an array of parts");
  }
}
