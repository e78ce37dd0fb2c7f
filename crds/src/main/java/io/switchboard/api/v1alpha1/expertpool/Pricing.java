package io.switchboard.api.v1alpha1.expertpool;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;

@JsonInclude(JsonInclude.Include.NON_NULL)
public record Pricing(
    @Required @Min(0) @Max(10000) @JsonPropertyDescription("USD per million input tokens.")
        Double inputPerMillionTokens,
    @Required @Min(0) @Max(10000) @JsonPropertyDescription("USD per million output tokens.")
        Double outputPerMillionTokens) {}
