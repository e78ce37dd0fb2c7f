package io.switchboard.router.core.features;

import io.switchboard.router.config.EncoderSpec;
import java.nio.file.Path;
import java.util.Optional;

/** Loads the encoder an {@link EncoderSpec} names (the spec itself is plain config). */
public final class PromptEncoders {

  private PromptEncoders() {}

  /**
   * Loads the encoder. MiniLM loads its ONNX session; the static encoder distils its table once per
   * process.
   */
  public static PromptEncoder open(EncoderSpec spec) {
    return open(spec, Optional.empty());
  }

  /**
   * As {@link #open(EncoderSpec)}; the static encoder keeps its distilled table in {@code
   * tableCache} across processes.
   */
  public static PromptEncoder open(EncoderSpec spec, Optional<Path> tableCache) {
    return switch (spec.encoder()) {
      case MINILM -> new MiniLmEmbedder(spec.maxTokens(), spec.truncation());
      case MINILM_STATIC -> new StaticEmbedder(spec.maxTokens(), spec.truncation(), tableCache);
    };
  }
}
