package io.switchboard.api.v1alpha1.routingpolicy;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;

/**
 * Decide with a second mode on a sample of live traffic and compare it with the mode that serves;
 * clients never see it. Results are in {@code status.shadow} and the {@code ShadowBetter}
 * condition.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ShadowSpec(
    @Required
        @JsonPropertyDescription(
            "Mode evaluated in shadow (its parameters are spec.<mode>); spec.mode keeps serving.")
        RoutingMode mode,
    @Default("100")
        @Min(0)
        @Max(100)
        @JsonPropertyDescription(
            "Percent of routed requests on which the shadow mode also decides.")
        Double samplePercent,
    @Default("false")
        @JsonPropertyDescription(
            "Also call the shadow's expert when it differs from the served one, after the client has"
                + " its answer, to measure its cost; real spend, booked to tenant shadow-mirror.")
        Boolean mirror,
    @Default("200")
        @Min(1)
        @Max(1000000)
        @JsonPropertyDescription(
            "Samples with quality grades needed before the ShadowBetter condition may turn True.")
        Integer minSamples) {}
