package io.switchboard.router.core.features;

import java.util.Locale;

/**
 * Which prompt encoder, and how much of the prompt it reads. Vectors of different specs are not
 * comparable: a trained classifier records the spec it was trained with and the router must embed
 * with the same one.
 *
 * @param encoder the model
 * @param maxTokens word pieces embedded, [CLS]/[SEP] included, in [8, 512]
 * @param truncation which end of a longer prompt is kept
 */
public record EncoderSpec(Encoder encoder, int maxTokens, Truncation truncation) {

  public static final int DEFAULT_MAX_TOKENS = 128;
  public static final EncoderSpec DEFAULT =
      new EncoderSpec(Encoder.MINILM, DEFAULT_MAX_TOKENS, Truncation.TAIL);

  /** The encoders a router build ships; both read the same tokenizer and model resources. */
  public enum Encoder {
    /**
     * all-MiniLM-L6-v2, INT8, on ONNX Runtime: contextual, ≈ 8 ms for 128 word pieces on one core.
     */
    MINILM("minilm", "all-minilm-l6-v2-q"),
    /**
     * Static word-piece vectors distilled from the same MiniLM: a weighted mean, tens of
     * microseconds.
     */
    MINILM_STATIC("minilm-static", "all-minilm-l6-v2-q-static");

    private final String wireName;
    private final String modelId;

    Encoder(String wireName, String modelId) {
      this.wireName = wireName;
      this.modelId = modelId;
    }

    /** Name in configs and on the command line. */
    public String wireName() {
      return wireName;
    }

    /** Name recorded in model artifacts and cache files. */
    public String modelId() {
      return modelId;
    }

    public static Encoder fromWireName(String name) {
      for (Encoder e : values()) {
        if (e.wireName.equals(name)) {
          return e;
        }
      }
      throw new IllegalArgumentException(
          "unknown encoder '" + name + "', expected one of " + wireNames());
    }

    /** Every encoder's wire name, comma-separated, for messages. */
    public static String wireNames() {
      return java.util.Arrays.stream(values())
          .map(Encoder::wireName)
          .collect(java.util.stream.Collectors.joining(", "));
    }

    /**
     * The encoder an artifact names by {@link #modelId()}, or empty for a model this build does not
     * ship.
     */
    public static java.util.Optional<Encoder> byModelId(String modelId) {
      for (Encoder e : values()) {
        if (e.modelId.equals(modelId)) {
          return java.util.Optional.of(e);
        }
      }
      return java.util.Optional.empty();
    }
  }

  public EncoderSpec {
    if (encoder == null || truncation == null) {
      throw new IllegalArgumentException("encoder and truncation are required");
    }
    if (maxTokens < 8 || maxTokens > 512) {
      throw new IllegalArgumentException("maxTokens must be in [8, 512], got " + maxTokens);
    }
  }

  /** e.g. {@code tail128}: the truncation part of cache file names. */
  public String truncationId() {
    return truncation.name().toLowerCase(Locale.ROOT) + maxTokens;
  }

  /**
   * Loads the encoder. MiniLM loads its ONNX session; the static encoder distils its table once per
   * process.
   */
  public PromptEncoder open() {
    return open(java.util.Optional.empty());
  }

  /**
   * As {@link #open()}; the static encoder keeps its distilled table in {@code tableCache} across
   * processes.
   */
  public PromptEncoder open(java.util.Optional<java.nio.file.Path> tableCache) {
    return switch (encoder) {
      case MINILM -> new MiniLmEmbedder(maxTokens, truncation);
      case MINILM_STATIC -> new StaticEmbedder(maxTokens, truncation, tableCache);
    };
  }

  @Override
  public String toString() {
    return encoder.wireName() + "/" + truncationId();
  }
}
