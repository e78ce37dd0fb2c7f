package io.switchboard.api.v1alpha1.routingpolicy;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;

/**
 * Decide with a second mode on live traffic and record what it would have done; clients never see
 * it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ShadowSpec(
    @Required @JsonPropertyDescription("Mode evaluated in shadow.") RoutingMode mode,
    @Default("100") @Min(0) @Max(100) @JsonPropertyDescription("Percent of requests evaluated.")
        Double samplePercent) {}
