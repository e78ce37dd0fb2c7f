package io.switchboard.router.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.router.core.accounting.TokenEstimator;
import io.switchboard.router.core.features.EmbeddingWorkers;
import io.switchboard.router.core.spi.Embedder;
import io.switchboard.router.core.spi.RequestFeatures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * {@link RequestFeatures} over the raw body: nothing is parsed until a strategy asks, and
 * everything is memoised. The embedding runs on the bounded {@link EmbeddingWorkers} pool; its
 * stage completes there (strategies must not assume a thread).
 */
final class LazyRequestFeatures implements RequestFeatures {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final TokenEstimator ESTIMATOR = new TokenEstimator();

  private final byte[] body;
  private final int contentStart;
  private final int contentEnd;
  private final EmbeddingWorkers workers;
  private final Embedder embedder;
  private String promptText;
  private String lastUserText;
  private volatile CompletableFuture<float[]> embedding;

  LazyRequestFeatures(
      byte[] body, ParsedRequest parsed, EmbeddingWorkers workers, Embedder embedder) {
    this.body = body;
    this.contentStart = parsed.contentStart();
    this.contentEnd = parsed.contentEnd();
    this.workers = workers;
    this.embedder = embedder;
  }

  @Override
  public synchronized String promptText() {
    if (promptText == null) {
      parse();
    }
    return promptText;
  }

  @Override
  public synchronized String lastUserText() {
    if (lastUserText == null) {
      parse();
    }
    return lastUserText;
  }

  @Override
  public String messagesJson() {
    if (contentStart < 0 || body[contentStart] != '[') {
      return "[]";
    }
    return new String(body, contentStart, contentEnd - contentStart, StandardCharsets.UTF_8);
  }

  @Override
  public int estimatedPromptTokens() {
    return (int) Math.max(1, ESTIMATOR.fromText(promptText()));
  }

  @Override
  public CompletionStage<float[]> embedding() {
    CompletableFuture<float[]> e = embedding;
    if (e == null) {
      synchronized (this) {
        if (embedding == null) {
          String text = promptText();
          embedding = workers.embed(embedder, text);
        }
        e = embedding;
      }
    }
    return e;
  }

  private void parse() {
    if (contentStart < 0) {
      promptText = "";
      lastUserText = "";
      return;
    }
    try {
      JsonNode node = MAPPER.readTree(body, contentStart, contentEnd - contentStart);
      StringBuilder all = new StringBuilder();
      String lastUser = null;
      if (node.isArray() && node.size() > 0 && node.get(0).isObject()) {
        for (JsonNode m : node) {
          String text = contentText(m.path("content"));
          if (!text.isEmpty()) {
            if (!all.isEmpty()) {
              all.append('\n');
            }
            all.append(text);
          }
          if ("user".equals(m.path("role").asText())) {
            lastUser = text;
          }
        }
      } else {
        all.append(contentText(node));
      }
      promptText = all.toString();
      lastUserText = lastUser != null ? lastUser : promptText;
    } catch (IOException e) {
      promptText = "";
      lastUserText = "";
    }
  }

  /**
   * Text of a content value: a string, or the text parts of an array of content parts (prompts:
   * strings joined).
   */
  private static String contentText(JsonNode content) {
    if (content.isTextual()) {
      return content.asText();
    }
    if (content.isArray()) {
      StringBuilder sb = new StringBuilder();
      for (JsonNode part : content) {
        String t = part.isTextual() ? part.asText() : part.path("text").asText("");
        if (!t.isEmpty()) {
          if (!sb.isEmpty()) {
            sb.append('\n');
          }
          sb.append(t);
        }
      }
      return sb.toString();
    }
    return "";
  }
}
