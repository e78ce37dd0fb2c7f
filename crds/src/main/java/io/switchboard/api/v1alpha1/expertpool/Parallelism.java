package io.switchboard.api.v1alpha1.expertpool;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

@JsonInclude(JsonInclude.Include.NON_NULL)
public record Parallelism(
    @Default("1") @Min(1) @Max(16) @JsonPropertyDescription("Tensor-parallel size.") Integer tensor,
    @Default("1") @Min(1) @Max(16) @JsonPropertyDescription("Pipeline-parallel size.")
        Integer pipeline,
    @Default("1")
        @Min(1)
        @Max(16)
        @JsonPropertyDescription("Data-parallel size within one replica.")
        Integer data,
    @Default("false")
        @JsonPropertyDescription(
            "Shard MoE experts across GPUs (vLLM --enable-expert-parallel, SGLang expert parallelism).")
        Boolean expertParallel) {}
