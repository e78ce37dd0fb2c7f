package io.switchboard.api.v1alpha1.budget;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.switchboard.api.v1alpha1.common.Names;

@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "self.action == 'downgrade' || !has(self.downgradeTo)",
    message = "enforcement.downgradeTo applies only to action downgrade")
public record Enforcement(
    @Default("alert")
        @JsonPropertyDescription(
            "downgrade: route to cheaper experts; reject: answer 429 with Retry-After; alert: condition and event only.")
        Action action,
    @Default("100")
        @Min(1)
        @Max(100)
        @JsonPropertyDescription("Start enforcing at this percent of a limit.")
        Integer thresholdPercent,
    @Size(max = Names.EXPERT_NAME_MAX)
        @JsonPropertyDescription("Expert to downgrade to; the cheapest healthy expert when absent.")
        String downgradeTo) {

  public enum Action {
    @JsonProperty("downgrade")
    DOWNGRADE,
    @JsonProperty("reject")
    REJECT,
    @JsonProperty("alert")
    ALERT
  }
}
