package io.switchboard.api.v1alpha1.routingpolicy;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.switchboard.api.v1alpha1.common.Names;
import java.util.List;

/**
 * A router trained offline (the RouteLLM setting); a fixed threshold or a quality target picks the
 * cost–quality point. The model keeps the model ids of the data it was trained on; each maps to the
 * expert {@code expertModels} names, else to the expert of that name, else to the first expert
 * whose {@code model} is that id. A model that maps to none of the policy's experts makes the
 * policy invalid.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "has(self.threshold) != has(self.targetQuality)",
    message = "classifier needs exactly one of threshold or targetQuality")
@ValidationRule(
    value =
        "!has(self.expertModels) || self.expertModels.all(a, self.expertModels.exists_one(b, b.modelId == a.modelId))",
    message = "each expertModels modelId may appear once",
    fieldPath = ".expertModels")
public record ClassifierParams(
    @Required
        @JsonPropertyDescription(
            "ConfigMap key holding the trained model written by the train command.")
        ModelRef modelRef,
    @Min(0)
        @Max(1)
        @JsonPropertyDescription(
            "Route to a stronger expert when its predicted need is at least this (exclusive with"
                + " targetQuality).")
        Double threshold,
    @JsonPropertyDescription(
            "Mean quality to reach at the lowest cost, choosing per request among all experts"
                + " (exclusive with threshold). The router resolves it on the model's out-of-fold"
                + " cost-quality curve of its training prompts.")
        TargetQuality targetQuality,
    @Size(max = 20)
        @JsonPropertyDescription(
            "Which expert each model id of the trained model stands for, when the id is neither an"
                + " expert's name nor its model (e.g. dataset id gpt-4-1106-preview → expert strong).")
        List<ModelMapping> expertModels) {

  public ClassifierParams(ModelRef modelRef, Double threshold) {
    this(modelRef, threshold, null, null);
  }

  /** One model id of the trained model and the expert it stands for. */
  public record ModelMapping(
      @Required
          @Size(min = 1, max = 253)
          @JsonPropertyDescription("Model id as the trained model names it.")
          String modelId,
      @Required
          @Size(min = 1, max = Names.EXPERT_NAME_MAX)
          @JsonPropertyDescription("Expert of the pool that answers for it.")
          String expert) {}

  public record ModelRef(
      @Required @Size(min = 1, max = 253) @Pattern(Names.DNS_SUBDOMAIN) String configMap,
      @Required @Size(min = 1, max = 253) @Pattern("^[-._a-zA-Z0-9]+$") String key) {}

  /**
   * Exactly one form: {@code fraction} of {@code referenceExpert}'s quality, or an absolute {@code
   * score}.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @ValidationRule(
      value = "has(self.score) != (has(self.fraction) || has(self.referenceExpert))",
      message = "targetQuality is either fraction with referenceExpert, or score")
  @ValidationRule(
      value = "has(self.fraction) == has(self.referenceExpert)",
      message = "targetQuality.fraction and targetQuality.referenceExpert go together")
  @ValidationRule(
      value = "!has(self.fraction) || self.fraction > 0.0",
      message = "targetQuality.fraction must be above 0")
  public record TargetQuality(
      @Min(0)
          @Max(1)
          @JsonPropertyDescription(
              "Share of referenceExpert's quality to reach, e.g. 0.95 for 95% of its quality.")
          Double fraction,
      @Size(min = 1, max = Names.EXPERT_NAME_MAX)
          @Pattern(Names.DNS_LABEL)
          @JsonPropertyDescription(
              "Expert whose mean quality on the model's training prompts the fraction is of.")
          String referenceExpert,
      @Min(0)
          @Max(1)
          @JsonPropertyDescription(
              "Absolute mean quality to reach, on the model's quality scale [0,1].")
          Double score) {}
}
