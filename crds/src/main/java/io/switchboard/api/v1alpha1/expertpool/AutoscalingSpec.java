package io.switchboard.api.v1alpha1.expertpool;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.ValidationRule;

/** SLO targets; the operator scales replicas between min and max to keep them. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value =
        "!self.enabled || has(self.ttftP95Ms) || has(self.tpotP95Ms) || has(self.maxQueueDepth) "
            + "|| has(self.targetUtilization)",
    message = "enabled autoscaling needs at least one SLO target")
public record AutoscalingSpec(
    @Default("true") @JsonPropertyDescription("Turn SLO autoscaling on.") Boolean enabled,
    @Min(1) @Max(600000) @JsonPropertyDescription("Target p95 time to first token, ms.")
        Integer ttftP95Ms,
    @Min(1) @Max(60000) @JsonPropertyDescription("Target p95 time per output token, ms.")
        Integer tpotP95Ms,
    @Min(0) @Max(100000) @JsonPropertyDescription("Target waiting requests per replica.")
        Integer maxQueueDepth,
    @Min(0.05) @Max(1) @JsonPropertyDescription("Target share of max concurrency in use.")
        Double targetUtilization,
    @Default("300")
        @Min(0)
        @Max(86400)
        @JsonPropertyDescription("Seconds the need must stay low before scaling down.")
        Integer scaleDownStabilizationSeconds,
    @Default("false")
        @JsonPropertyDescription(
            "Compute and report the scaling decision without acting: status.experts[]"
                + " desiredReplicas and scalingReason and a ScaleRecommended event show what the"
                + " autoscaler would do, while the Deployment keeps the replicas it has (within"
                + " replicas.min/max, as without autoscaling).")
        Boolean dryRun) {}
