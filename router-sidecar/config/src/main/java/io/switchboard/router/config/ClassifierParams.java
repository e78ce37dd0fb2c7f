package io.switchboard.router.config;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Offline-trained router model (RouteLLM setting).
 *
 * @param modelFile path of the trained model file (required)
 * @param threshold probability threshold that sets the cost–quality point, in [0,1] (default 0.5)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ClassifierParams(String modelFile, Double threshold) {
  public static final ClassifierParams DEFAULT = new ClassifierParams(null, null);

  public ClassifierParams {
    threshold = threshold == null ? 0.5 : threshold;
  }
}
