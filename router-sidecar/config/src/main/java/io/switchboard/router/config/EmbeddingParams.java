package io.switchboard.router.config;

import java.util.Locale;

/**
 * The prompt encoder of the modes that embed the prompt (bandit, llm cache, capability, classifier,
 * cascade predictor). A classifier model must have been trained with the same encoder, length and
 * truncation.
 *
 * @param encoder {@code minilm} (contextual, default) or {@code minilm-static} (distilled
 *     word-piece vectors, about ten times faster, slightly less accurate)
 * @param maxTokens word pieces embedded, [CLS]/[SEP] included, 8..512 (128)
 * @param truncation {@code tail} (default: the ask comes last in few-shot prompts) or {@code head}
 */
public record EmbeddingParams(String encoder, Integer maxTokens, String truncation) {
  public static final EmbeddingParams DEFAULT = new EmbeddingParams(null, null, null);

  public EmbeddingParams {
    encoder = encoder == null ? EncoderSpec.DEFAULT.encoder().wireName() : encoder;
    maxTokens = maxTokens == null ? EncoderSpec.DEFAULT_MAX_TOKENS : maxTokens;
    truncation = truncation == null ? "tail" : truncation;
  }

  /** The encoder to load; call only on a validated config. */
  public EncoderSpec spec() {
    return new EncoderSpec(
        EncoderSpec.Encoder.fromWireName(encoder),
        maxTokens,
        Truncation.valueOf(truncation.toUpperCase(Locale.ROOT)));
  }
}
