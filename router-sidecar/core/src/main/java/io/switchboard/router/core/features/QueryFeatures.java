package io.switchboard.router.core.features;

import java.util.Optional;

/**
 * Everything a strategy may know about a query: the text, cheap features, and the embedding when
 * the policy asked for one (absent otherwise, so strategies that need none pay nothing).
 */
public record QueryFeatures(String text, TextFeatures textFeatures, float[] embedding) {

  public Optional<float[]> embeddingIfComputed() {
    return Optional.ofNullable(embedding);
  }

  public float[] requireEmbedding() {
    if (embedding == null) {
      throw new IllegalStateException(
          "this strategy needs an embedding but the features were computed without one");
    }
    return embedding;
  }
}
