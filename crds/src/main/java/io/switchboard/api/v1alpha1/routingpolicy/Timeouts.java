package io.switchboard.api.v1alpha1.routingpolicy;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.ValidationRule;

@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "self.connectMs <= self.totalMs && self.firstByteMs <= self.totalMs",
    message = "timeouts.connectMs and timeouts.firstByteMs must be <= timeouts.totalMs")
public record Timeouts(
    @Default("2000") @Min(1) @Max(60000) @JsonPropertyDescription("TCP/TLS connect timeout, ms.")
        Integer connectMs,
    @Default("60000")
        @Min(1)
        @Max(3600000)
        @JsonPropertyDescription("Time to the first response byte, ms.")
        Integer firstByteMs,
    @Default("600000") @Min(1) @Max(3600000) @JsonPropertyDescription("Whole request, ms.")
        Integer totalMs) {}
