package io.switchboard.router.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads upstream completion bodies: the {@code usage} object on the hot path (streaming parser,
 * skips the rest), and, only when needed (cascade checks, expert-client calls, usage estimation),
 * the answer text and logprobs.
 */
public final class CompletionReader {
  private final JsonFactory factory = new JsonFactory();
  private final ObjectMapper mapper = new ObjectMapper();

  /**
   * @return the top-level usage, {@link UpstreamUsage#NONE} when absent or null
   * @throws IOException when the body is not a JSON object (a garbage upstream)
   */
  public UpstreamUsage usage(byte[] body, int offset, int length) throws IOException {
    try (JsonParser p = factory.createParser(body, offset, length)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IOException("upstream body is not a JSON object");
      }
      UpstreamUsage usage = UpstreamUsage.NONE;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken v = p.nextToken();
        if ("usage".equals(name) && v == JsonToken.START_OBJECT) {
          long prompt = -1;
          long completion = -1;
          while (p.nextToken() == JsonToken.FIELD_NAME) {
            String f = p.currentName();
            JsonToken t = p.nextToken();
            if (t == JsonToken.VALUE_NUMBER_INT && "prompt_tokens".equals(f)) {
              prompt = p.getLongValue();
            } else if (t == JsonToken.VALUE_NUMBER_INT && "completion_tokens".equals(f)) {
              completion = p.getLongValue();
            } else {
              p.skipChildren();
            }
          }
          if (prompt >= 0) {
            usage = new UpstreamUsage(prompt, Math.max(0, completion));
          }
        } else {
          p.skipChildren();
        }
      }
      if (p.currentToken() != JsonToken.END_OBJECT) {
        throw new IOException("upstream body is not a complete JSON object");
      }
      return usage;
    }
  }

  /** The first choice of a non-streamed chat or text completion. */
  public Answer answer(byte[] body, int offset, int length) throws IOException {
    JsonNode root = mapper.readTree(body, offset, length);
    JsonNode choice = root.path("choices").path(0);
    String text = choice.path("message").path("content").asText(choice.path("text").asText(""));
    List<Double> logprobs = new ArrayList<>();
    for (JsonNode t : choice.path("logprobs").path("content")) {
      if (t.has("logprob")) {
        logprobs.add(t.get("logprob").asDouble());
      }
    }
    for (JsonNode t : choice.path("logprobs").path("token_logprobs")) {
      if (t.isNumber()) {
        logprobs.add(t.asDouble());
      }
    }
    String finish =
        choice.path("finish_reason").isTextual() ? choice.get("finish_reason").asText() : null;
    return new Answer(text, logprobs.stream().mapToDouble(Double::doubleValue).toArray(), finish);
  }

  /** Accumulates the text, logprobs and usage of a buffered SSE stream, chunk by chunk. */
  public Answer answerFromSse(byte[] body, int offset, int length, UsageSink usage)
      throws IOException {
    StringBuilder text = new StringBuilder();
    List<Double> logprobs = new ArrayList<>();
    String finish = null;
    int end = offset + length;
    int lineStart = offset;
    for (int i = offset; i <= end; i++) {
      if (i == end || body[i] == '\n') {
        int s = lineStart;
        int e = i > s && body[i - 1] == '\r' ? i - 1 : i;
        lineStart = i + 1;
        if (e - s > 5
            && body[s] == 'd'
            && new String(body, s, 5, java.nio.charset.StandardCharsets.US_ASCII).equals("data:")) {
          int ds = s + 5;
          while (ds < e && body[ds] == ' ') {
            ds++;
          }
          if (e - ds == 6 && body[ds] == '[') {
            continue;
          }
          JsonNode chunk = mapper.readTree(body, ds, e - ds);
          JsonNode choice = chunk.path("choices").path(0);
          text.append(choice.path("delta").path("content").asText(choice.path("text").asText("")));
          for (JsonNode t : choice.path("logprobs").path("content")) {
            if (t.has("logprob")) {
              logprobs.add(t.get("logprob").asDouble());
            }
          }
          if (choice.path("finish_reason").isTextual()) {
            finish = choice.get("finish_reason").asText();
          }
          JsonNode u = chunk.get("usage");
          if (u != null && u.isObject()) {
            usage.accept(
                new UpstreamUsage(
                    u.path("prompt_tokens").asLong(-1), u.path("completion_tokens").asLong(0)));
          }
        }
      }
    }
    return new Answer(
        text.toString(), logprobs.stream().mapToDouble(Double::doubleValue).toArray(), finish);
  }

  /** Receives usage found in a stream. */
  @FunctionalInterface
  public interface UsageSink {
    void accept(UpstreamUsage usage);
  }

  /** First-choice text, token logprobs (may be empty) and finish reason. */
  public record Answer(String text, double[] logprobs, String finishReason) {}
}
