package io.switchboard.api.v1alpha1.routingpolicy;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.ValidationRule;

/** Retries happen only before any byte reached the client. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "self.backoffMs <= self.maxBackoffMs",
    message = "retries.backoffMs must be <= retries.maxBackoffMs")
public record RetryPolicy(
    @Default("1") @Min(0) @Max(5) @JsonPropertyDescription("Retries on the same expert.")
        Integer attempts,
    @Default("50")
        @Min(0)
        @Max(60000)
        @JsonPropertyDescription("First backoff, ms; doubles each retry.")
        Integer backoffMs,
    @Default("1000") @Min(0) @Max(60000) @JsonPropertyDescription("Backoff cap, ms.")
        Integer maxBackoffMs) {}
