package io.switchboard.simulated.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Builds OpenAI-shaped response bodies; every one carries the simulated system fingerprint. */
final class OpenAiJson {

  static final String FINGERPRINT = "switchboard-simulated";

  private final ObjectMapper mapper;

  OpenAiJson(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  ObjectNode completion(
      CompletionRequest request,
      String id,
      long created,
      String model,
      String text,
      String finishReason,
      ObjectNode usage,
      double[] logprobs) {
    ObjectNode body =
        envelope(id, request.chat() ? "chat.completion" : "text_completion", created, model);
    ObjectNode choice = body.putArray("choices").addObject().put("index", 0);
    if (request.chat()) {
      choice.putObject("message").put("role", "assistant").put("content", text);
    } else {
      choice.put("text", text);
    }
    putLogprobs(choice, logprobs);
    choice.put("finish_reason", finishReason);
    body.set("usage", usage);
    return body;
  }

  /**
   * A streaming chunk with a text delta; {@code role} only in the first chunk, finish reason only
   * in the last.
   */
  ObjectNode chunk(
      CompletionRequest request,
      String id,
      long created,
      String model,
      String text,
      boolean first,
      String finishReason,
      double[] logprobs) {
    ObjectNode body =
        envelope(id, request.chat() ? "chat.completion.chunk" : "text_completion", created, model);
    ObjectNode choice = body.putArray("choices").addObject().put("index", 0);
    if (request.chat()) {
      ObjectNode delta = choice.putObject("delta");
      if (first) {
        delta.put("role", "assistant");
      }
      if (text != null) {
        delta.put("content", text);
      }
    } else {
      choice.put("text", text == null ? "" : text);
    }
    putLogprobs(choice, logprobs);
    if (finishReason == null) {
      choice.putNull("finish_reason");
    } else {
      choice.put("finish_reason", finishReason);
    }
    return body;
  }

  /**
   * OpenAI's chat shape {@code {"content":[{"token","logprob","top_logprobs"}]}}; null when none
   * were asked for or none exist. The tokens are marked: the simulation has log-probabilities but
   * no token texts.
   */
  private void putLogprobs(ObjectNode choice, double[] logprobs) {
    if (logprobs == null || logprobs.length == 0) {
      choice.putNull("logprobs");
      return;
    }
    ArrayNode content = choice.putObject("logprobs").putArray("content");
    for (double logprob : logprobs) {
      content
          .addObject()
          .put("token", "[simulated]")
          .put("logprob", logprob)
          .putArray("top_logprobs");
    }
  }

  /** The final usage-only chunk of {@code stream_options.include_usage}. */
  ObjectNode usageChunk(
      CompletionRequest request, String id, long created, String model, ObjectNode usage) {
    ObjectNode body =
        envelope(id, request.chat() ? "chat.completion.chunk" : "text_completion", created, model);
    body.putArray("choices");
    body.set("usage", usage);
    return body;
  }

  ObjectNode usage(int promptTokens, int completionTokens) {
    return mapper
        .createObjectNode()
        .put("prompt_tokens", promptTokens)
        .put("completion_tokens", completionTokens)
        .put("total_tokens", promptTokens + completionTokens);
  }

  ObjectNode models(String model, long created) {
    ObjectNode body = mapper.createObjectNode().put("object", "list");
    ArrayNode data = body.putArray("data");
    data.addObject()
        .put("id", model)
        .put("object", "model")
        .put("created", created)
        .put("owned_by", FINGERPRINT)
        .put("root", model);
    return body;
  }

  /** {@code {"error":{"message","type","code"}}}. */
  ObjectNode error(String message, String type, String code) {
    ObjectNode body = mapper.createObjectNode();
    body.putObject("error").put("message", message).put("type", type).put("code", code);
    return body;
  }

  String write(ObjectNode node) {
    return node.toString();
  }

  private ObjectNode envelope(String id, String object, long created, String model) {
    return mapper
        .createObjectNode()
        .put("id", id)
        .put("object", object)
        .put("created", created)
        .put("model", model)
        .put("system_fingerprint", FINGERPRINT);
  }
}
