package io.switchboard.router.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/**
 * Offline-trained router model (RouteLLM setting).
 *
 * @param modelFile path of the trained model file (required)
 * @param threshold probability threshold that sets the cost–quality point, in [0,1] (default 0.5
 *     without a target); absent (null) with {@code targetQuality}, which sets the point instead
 * @param targetQuality optional: route to meet this quality at the lowest cost instead of by a
 *     fixed threshold
 * @param expertModels the model's (dataset) model ids → expert names, for ids that are neither an
 *     expert's name nor its {@code model} (see {@link ClassifierExpertNames})
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ClassifierParams(
    String modelFile,
    Double threshold,
    TargetQuality targetQuality,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, String> expertModels) {
  public static final ClassifierParams DEFAULT = new ClassifierParams(null, null, null, null);

  public ClassifierParams {
    threshold = threshold == null && targetQuality == null ? Double.valueOf(0.5) : threshold;
    expertModels = expertModels == null ? Map.of() : Map.copyOf(expertModels);
  }

  public ClassifierParams(String modelFile, Double threshold) {
    this(modelFile, threshold, null, null);
  }

  public ClassifierParams(String modelFile, Double threshold, TargetQuality targetQuality) {
    this(modelFile, threshold, targetQuality, null);
  }

  /**
   * The quality a classifier policy must reach on average, in exactly one of two forms: a fraction
   * of a named reference expert's quality (its mean recorded quality on the model's training
   * prompts), or an absolute score in the model's quality scale [0, 1].
   *
   * @param fraction share of {@code referenceExpert}'s quality, in (0, 1]
   * @param referenceExpert an expert of the pool known to the model (with {@code fraction})
   * @param score absolute mean quality in [0, 1] (without the other two)
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record TargetQuality(Double fraction, String referenceExpert, Double score) {

    public static TargetQuality ofReference(double fraction, String referenceExpert) {
      return new TargetQuality(fraction, referenceExpert, null);
    }

    public static TargetQuality absolute(double score) {
      return new TargetQuality(null, null, score);
    }

    /** True for the fraction-of-a-reference form. */
    public boolean relative() {
      return fraction != null;
    }
  }
}
