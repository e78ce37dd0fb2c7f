package io.switchboard.api.v1alpha1.budget;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.kubernetes.api.model.LabelSelector;

@JsonInclude(JsonInclude.Include.NON_NULL)
public record BudgetSpec(
    @Required @JsonPropertyDescription("Accounting period; spend resets at its start (UTC).")
        Period period,
    @Required @JsonPropertyDescription("Spend limits per period.") Limits limits,
    @JsonPropertyDescription(
            "Service-level targets for the covered policies: measured into the SloMet condition;"
                + " the latency target also steers routing.")
        SloTargets slo,
    @Min(0)
        @Max(100000)
        @JsonPropertyDescription("Most GPUs the namespace's experts may use; caps autoscaling.")
        Integer gpuCap,
    @JsonPropertyDescription("What happens when a limit is reached.") Enforcement enforcement,
    @JsonPropertyDescription(
            "RoutingPolicies covered (besides those naming this budget in budgetRef); none when absent.")
        LabelSelector policySelector) {

  public enum Period {
    @JsonProperty("hour")
    HOUR,
    @JsonProperty("day")
    DAY,
    @JsonProperty("month")
    MONTH
  }
}
