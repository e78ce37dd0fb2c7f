package io.switchboard.router.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

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
      return Arrays.stream(values()).map(Encoder::wireName).collect(Collectors.joining(", "));
    }

    /**
     * The encoder an artifact names by {@link #modelId()}, or empty for a model this build does not
     * ship.
     */
    public static Optional<Encoder> byModelId(String modelId) {
      for (Encoder e : values()) {
        if (e.modelId.equals(modelId)) {
          return Optional.of(e);
        }
      }
      return Optional.empty();
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

  @Override
  public String toString() {
    return encoder.wireName() + "/" + truncationId();
  }
}
