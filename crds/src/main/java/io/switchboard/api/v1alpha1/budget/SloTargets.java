package io.switchboard.api.v1alpha1.budget;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

@JsonInclude(JsonInclude.Include.NON_NULL)
public record SloTargets(
    @Min(1) @Max(3600000) @JsonPropertyDescription("p95 end-to-end latency, ms.")
        Integer p95LatencyMs,
    @Min(0)
        @Max(1)
        @JsonPropertyDescription(
            "Minimum mean quality estimate, 0..1; downgrades never go below it.")
        Double minQuality) {}
