package io.switchboard.api.v1alpha1.expertpool;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.ValidationRule;

@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "self.min <= self.max", message = "replicas.min must be <= replicas.max")
public record ReplicaRange(
    @Default("1")
        @Min(0)
        @Max(256)
        @JsonPropertyDescription("Fewest replicas; 0 allows scale to zero.")
        Integer min,
    @Default("1")
        @Min(1)
        @Max(256)
        @JsonPropertyDescription("Most replicas; the Budget's GPU cap may lower it.")
        Integer max) {}
