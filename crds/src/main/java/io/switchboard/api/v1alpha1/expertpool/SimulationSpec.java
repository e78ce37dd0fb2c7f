package io.switchboard.api.v1alpha1.expertpool;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.switchboard.api.v1alpha1.common.Names;

/** The simulated expert (a test double): which recorded outcomes it answers from and how fast. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SimulationSpec(
    @Required
        @Size(min = 1, max = 128)
        @Pattern("^[A-Za-z0-9_.-]+$")
        @JsonPropertyDescription("Recorded dataset name, e.g. routerbench_subset.")
        String dataset,
    @Size(max = 128)
        @JsonPropertyDescription("GPU the latency model imitates, e.g. A100-80GB or H100-80GB.")
        String gpuType,
    @Min(0.1)
        @Max(2000)
        @JsonPropertyDescription(
            "Model size in billions of parameters for the latency model (active parameters for MoE).")
        Double parametersBillions,
    @Default("1.0")
        @Min(0.0001)
        @Max(100)
        @JsonPropertyDescription("Multiplier on simulated time; < 1 runs faster than real time.")
        Double timeScale,
    @Default("switchboard-recorded-data")
        @Size(max = 253)
        @Pattern(Names.DNS_SUBDOMAIN)
        @JsonPropertyDescription(
            "PersistentVolumeClaim holding the recorded datasets (the files of shared/data).")
        String dataPvc) {}
