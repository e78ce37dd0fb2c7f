package io.switchboard.api.v1alpha1.budget;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

@JsonInclude(JsonInclude.Include.NON_NULL)
public record SloTargets(
    @Min(1)
        @Max(3600000)
        @JsonPropertyDescription(
            "p95 end-to-end latency, ms. The SloMet condition is False while a covered policy's"
                + " routers measure a higher p95 (status.routing.latencyP95Ms over the last"
                + " window), and the routers deprioritise an expert whose own p95 over the last"
                + " one to two minutes is higher: strategies choose among the experts that keep"
                + " it while one is available, and the others stay in the fallback chain."
                + " Autoscaled experts a covered policy routes to also scale on it while requests"
                + " wait at their engines (more replicas shorten a queue, not a long generation)."
                + " With several covering Budgets the lowest target holds.")
        Integer p95LatencyMs,
    @Min(0)
        @Max(1)
        @JsonPropertyDescription(
            "Minimum mean quality grade, 0..1: the SloMet condition is False while a covered"
                + " policy's window of graded requests (client feedback, cascade judge; its"
                + " status.routing.qualityEstimate) averages below it. Reported, not steered:"
                + " routers do not change routing on it.")
        Double minQuality) {}
