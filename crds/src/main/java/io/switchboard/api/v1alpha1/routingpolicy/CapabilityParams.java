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
        @JsonPropertyDescription("How much the cost dimension counts against the query's needs.")
        Double costSensitivity) {}
