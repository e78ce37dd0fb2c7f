package io.switchboard.router.core.spi;

import java.util.concurrent.CompletionStage;

/**
 * Request features computed only when a strategy asks: the data plane parses just {@code model} and
 * {@code stream} up front and passes the body through as bytes. Implementations memoise every
 * value, so asking twice is free.
 */
public interface RequestFeatures {

  /**
   * Plain text of the prompt: for chat, the {@code content} of every message (text parts only)
   * joined by newlines, role names omitted; for completions, the prompt; for embeddings, the input.
   * Parsed on first call.
   */
  String promptText();

  /**
   * The user's last message only (chat), or {@link #promptText()} otherwise: what most classifiers
   * look at.
   */
  String lastUserText();

  /**
   * The raw JSON of the {@code messages} array (for an LLM router or judge to forward), {@code
   * "[]"} if absent.
   */
  String messagesJson();

  /**
   * Estimated prompt tokens without a tokenizer: UTF-8 bytes of the prompt text / 4, rounded up (at
   * least 1).
   */
  int estimatedPromptTokens();

  /**
   * Embedding of {@link #promptText()} from the configured {@link Embedder}, computed off the event
   * loop on first call and memoised. Completes exceptionally when no embedder is available.
   */
  CompletionStage<float[]> embedding();
}
