package io.switchboard.api.v1alpha1.routingpolicy;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.ValidationRule;

/** reward = quality·q − cost·normalised cost − latency·normalised latency. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "self.quality + self.cost + self.latency > 0.0",
    message = "at least one reward weight must be positive")
public record RewardWeights(
    @Default("1.0") @Min(0) @Max(100) @JsonPropertyDescription("Weight of answer quality.")
        Double quality,
    @Default("0.5") @Min(0) @Max(100) @JsonPropertyDescription("Weight of cost.") Double cost,
    @Default("0.1") @Min(0) @Max(100) @JsonPropertyDescription("Weight of latency.")
        Double latency) {}
