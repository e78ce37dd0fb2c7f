package io.switchboard.api.v1alpha1.routingpolicy;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/** Match each expert's capability vector to the query's estimated needs by cosine similarity. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CapabilityParams(
    @Default("0.0")
        @Min(0)
        @Max(1)
        @JsonPropertyDescription("Experts below this similarity are not considered.")
        Double minSimilarity,
    @Default("0.3")
        @Min(0)
        @Max(1)
        @JsonPropertyDescription(
            "Weight c of price against the capability match: each expert scores (1 - c) * match"
                + " + c * cheapness, both relative to the candidates: match 1 for the most and 0"
                + " for the least similar, cheapness 1 for the cheapest and 0 for the dearest on a"
                + " log scale of input + output price per million tokens. 0 ignores price; 1"
                + " picks the cheapest expert above minSimilarity.")
        Double costSensitivity) {}
