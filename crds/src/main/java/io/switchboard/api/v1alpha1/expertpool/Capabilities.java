package io.switchboard.api.v1alpha1.expertpool;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/** Capability vector matched against a query's estimated needs by cosine similarity. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Capabilities(
    @Min(0) @Max(1) @JsonPropertyDescription("Multi-step reasoning, maths, code.") Double reasoning,
    @Min(0) @Max(1) @JsonPropertyDescription("Factual and domain knowledge.") Double knowledge,
    @Min(0) @Max(1) @JsonPropertyDescription("Open-ended writing.") Double creativity,
    @Min(0) @Max(1) @JsonPropertyDescription("Responsiveness (1 = fastest).") Double speed,
    @Min(0) @Max(1) @JsonPropertyDescription("Cheapness (1 = cheapest).") Double cost) {}
