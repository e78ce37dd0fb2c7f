package io.switchboard.api.v1alpha1.routingpolicy;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.switchboard.api.v1alpha1.common.Names;
import java.util.List;

/** Static weights with priority fallback and an optional canary. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "self.weights.exists(w, w.weight > 0)",
    message = "at least one weight must be positive",
    fieldPath = ".weights")
@ValidationRule(
    value = "self.weights.all(w, self.weights.exists_one(v, v.expert == w.expert))",
    message = "each expert may appear once in weights",
    fieldPath = ".weights")
@ValidationRule(
    value = "!has(self.canary) || self.weights.all(w, w.expert != self.canary.expert)",
    message = "the canary expert must not also have a weight")
public record WeightedParams(
    @Required @Size(min = 1, max = 32) List<ExpertWeight> weights,
    @JsonPropertyDescription("Send a fixed percentage to a new expert before trusting it.")
        Canary canary) {

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ExpertWeight(
      @Required @Size(min = 1, max = Names.EXPERT_NAME_MAX) String expert,
      @Required @Min(0) @Max(1000000) @JsonPropertyDescription("Relative share of traffic.")
          Integer weight,
      @Min(0)
          @Max(1000)
          @JsonPropertyDescription(
              "Lower first when choosing a fallback; same priority shares by weight.")
          Integer priority) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Canary(
      @Required @Size(min = 1, max = Names.EXPERT_NAME_MAX) String expert,
      @Required @Min(0) @Max(100) @JsonPropertyDescription("Percent of traffic sent to the canary.")
          Double percent) {}
}
