package io.switchboard.router.core.features;

import io.switchboard.router.config.EncoderSpec;

/**
 * An {@link SentenceEmbedder} that also counts tokens and says how it was built ({@link
 * EncoderSpec}), so offline training, the embedding cache and the router can check that their
 * vectors come from the same encoder.
 */
public interface PromptEncoder extends SentenceEmbedder, TokenCounter, AutoCloseable {

  EncoderSpec spec();

  @Override
  void close();
}
