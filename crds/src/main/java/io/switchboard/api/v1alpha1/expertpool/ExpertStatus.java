package io.switchboard.api.v1alpha1.expertpool;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Observed state of one expert. Latency and load fields are absent until routers report them. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ExpertStatus(
    @JsonPropertyDescription("Expert name.") String name,
    @JsonPropertyDescription("Runtime.") ExpertRuntime runtime,
    @JsonPropertyDescription("URL routers use to reach it.") String endpoint,
    @JsonPropertyDescription(
            "Replicas the operator wants: the SLO autoscaler's last decision for an autoscaled"
                + " expert (not applied with autoscaling.dryRun), else the Deployment's replicas.")
        Integer desiredReplicas,
    @JsonPropertyDescription(
            "Why the SLO autoscaler decided desiredReplicas: each observed engine signal against"
                + " its target, the replicas and engines it was measured over, the load ratio;"
                + " absent without autoscaling.")
        String scalingReason,
    @JsonPropertyDescription("Replicas ready to serve.") Integer readyReplicas,
    @JsonPropertyDescription("Serves traffic.") Boolean ready,
    @JsonPropertyDescription("Observed p95 time to first token, ms.") Double observedTtftP95Ms,
    @JsonPropertyDescription("Observed waiting requests per replica.") Double observedQueueDepth,
    @JsonPropertyDescription("Share of the pool's recent requests.") Double loadShare,
    @JsonPropertyDescription("Why it is not ready, when it is not.") String message) {}
