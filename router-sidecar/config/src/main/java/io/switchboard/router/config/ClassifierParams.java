package io.switchboard.router.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/**
 * Offline-trained router model (RouteLLM setting).
 *
 * @param modelFile path of the trained model file (required)
 * @param threshold probability threshold that sets the cost–quality point, in [0,1] (default 0.5)
 * @param expertModels the model's (dataset) model ids → expert names, for ids that are neither an
 *     expert's name nor its {@code model} (see {@link ClassifierExpertNames})
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ClassifierParams(
    String modelFile,
    Double threshold,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, String> expertModels) {
  public static final ClassifierParams DEFAULT = new ClassifierParams(null, null, null);

  public ClassifierParams {
    threshold = threshold == null ? 0.5 : threshold;
    expertModels = expertModels == null ? Map.of() : Map.copyOf(expertModels);
  }

  public ClassifierParams(String modelFile, Double threshold) {
    this(modelFile, threshold, null);
  }
}
