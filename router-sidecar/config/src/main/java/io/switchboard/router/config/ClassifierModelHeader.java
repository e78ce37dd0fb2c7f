package io.switchboard.router.config;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Locale;

/**
 * The fields of a trained classifier model file ({@code switchboard-eval train}) that say whether a
 * policy may use it: the file format and the encoder its vectors come from. The operator checks a
 * policy's model with these alone (loading the model needs the router's feature code, which the
 * operator does not ship); the router checks the same before it loads the rest.
 *
 * @param formatVersion bump on incompatible change
 * @param embeddingModel {@link EncoderSpec.Encoder#modelId()} of the encoder
 * @param maxTokens truncation the embeddings were computed with
 * @param truncation which end of a long prompt was embedded ({@code HEAD} or {@code TAIL})
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ClassifierModelHeader(
    int formatVersion, String embeddingModel, int maxTokens, String truncation) {

  public static final int FORMAT_VERSION = 1;

  /** Reads the header of a model held as text (the operator reads it from its ConfigMap). */
  public static ClassifierModelHeader parse(String modelJson, ObjectMapper json)
      throws IOException {
    return json.readValue(modelJson, ClassifierModelHeader.class);
  }

  /**
   * The encoder the model was trained with: a router must embed with exactly this one (vectors are
   * model specific).
   */
  public EncoderSpec encoderSpec() {
    var encoder =
        EncoderSpec.Encoder.byModelId(embeddingModel)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "the classifier model was trained with embedding model '"
                            + embeddingModel
                            + "', which this router does not ship"));
    return new EncoderSpec(encoder, maxTokens, Truncation.valueOf(truncation));
  }

  /**
   * Refuses the model unless it was trained with the encoder the policy embeds with: vectors of
   * another encoder, length or truncation would be scored silently wrong.
   */
  public void requireEncoder(EncoderSpec policyEncoder) {
    EncoderSpec trained = encoderSpec();
    if (!trained.equals(policyEncoder)) {
      throw new IllegalArgumentException(
          "the model was trained with encoder "
              + trained
              + " but the policy embeds with "
              + policyEncoder
              + "; set the policy's embedding to encoder "
              + trained.encoder().wireName()
              + ", maxTokens "
              + trained.maxTokens()
              + ", truncation "
              + trained.truncation().name().toLowerCase(Locale.ROOT)
              + " or retrain the model with --encoder "
              + policyEncoder.encoder().wireName());
    }
  }

  /** Refuses a model file of another format than this build reads. */
  public void requireFormat() {
    if (formatVersion != FORMAT_VERSION) {
      throw new IllegalArgumentException(
          "router model format "
              + formatVersion
              + " is not supported (expected "
              + FORMAT_VERSION
              + ")");
    }
  }
}
