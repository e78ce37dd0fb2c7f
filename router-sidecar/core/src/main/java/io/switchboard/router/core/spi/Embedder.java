package io.switchboard.router.core.spi;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Computes a sentence embedding. Implementations may block (ONNX on the CPU): the data plane always
 * calls {@link #embed} on a worker thread, never on the event loop.
 */
@FunctionalInterface
public interface Embedder {

  float[] embed(String text);

  /**
   * Embedder of a router build without an embedding model: every call fails with a clear message.
   */
  static Embedder unavailable() {
    return text -> {
      throw new UnsupportedOperationException("no embedding model is configured in this router");
    };
  }

  /** Runs the embedder synchronously into a completed stage (tests, offline evaluation). */
  default CompletionStage<float[]> embedNow(String text) {
    try {
      return CompletableFuture.completedFuture(embed(text));
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }
}
