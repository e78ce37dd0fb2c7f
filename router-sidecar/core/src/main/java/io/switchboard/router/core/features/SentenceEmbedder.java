package io.switchboard.router.core.features;

/**
 * Turns a prompt into a dense, L2-normalised vector. Implementations are thread-safe and blocking:
 * callers on an event loop must go through {@link EmbeddingWorkers}.
 */
public interface SentenceEmbedder {

  /** Dimension of every vector returned by {@link #embed(String)}. */
  int dimension();

  /** Embeds {@code text}; the result has length {@link #dimension()} and unit norm. */
  float[] embed(String text);
}
