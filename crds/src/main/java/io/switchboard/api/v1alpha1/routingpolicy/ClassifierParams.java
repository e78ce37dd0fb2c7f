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
 * A router trained offline (the RouteLLM setting); the threshold picks the cost–quality point. The
 * model keeps the model ids of the data it was trained on; each maps to the expert {@code
 * expertModels} names, else to the expert of that name, else to the first expert whose {@code
 * model} is that id. A model that maps to none of the policy's experts makes the policy invalid.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
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
    @Required
        @Min(0)
        @Max(1)
        @JsonPropertyDescription(
            "Route to a stronger expert when its predicted need is at least this.")
        Double threshold,
    @Size(max = 20)
        @JsonPropertyDescription(
            "Which expert each model id of the trained model stands for, when the id is neither an"
                + " expert's name nor its model (e.g. dataset id gpt-4-1106-preview → expert strong).")
        List<ModelMapping> expertModels) {

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
}
