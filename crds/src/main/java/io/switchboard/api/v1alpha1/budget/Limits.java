package io.switchboard.api.v1alpha1.budget;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.ValidationRule;

@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "has(self.usd) || has(self.tokens)",
    message = "limits needs usd, tokens or both")
@ValidationRule(value = "!has(self.usd) || self.usd > 0.0", message = "limits.usd must be positive")
@ValidationRule(
    value = "!has(self.tokens) || self.tokens > 0",
    message = "limits.tokens must be positive")
public record Limits(
    @Min(0) @Max(100000000) @JsonPropertyDescription("USD per period.") Double usd,
    @Min(0) @JsonPropertyDescription("Input + output tokens per period.") Long tokens) {}
