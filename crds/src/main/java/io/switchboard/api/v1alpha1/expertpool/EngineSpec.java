package io.switchboard.api.v1alpha1.expertpool;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
public record EngineSpec(
    @Min(256) @Max(1048576) @JsonPropertyDescription("Maximum context length in tokens.")
        Integer maxModelLen,
    @Min(0.1) @Max(0.99) @JsonPropertyDescription("Fraction of GPU memory the engine may use.")
        Double gpuMemoryUtilization,
    @Size(max = 32)
        @Pattern("^[a-z0-9_-]+$")
        @JsonPropertyDescription(
            "Quantisation method understood by the engine (e.g. awq, gptq, fp8).")
        String quantization,
    @Min(1)
        @Max(4096)
        @JsonPropertyDescription(
            "Maximum concurrent sequences per replica (continuous batching); more requests queue."
                + " Rendered as vLLM --max-num-seqs, SGLang --max-running-requests, TGI"
                + " --max-concurrent-requests, and the simulated expert's batch size.")
        Integer maxConcurrency,
    @Size(max = 32) @JsonPropertyDescription("Extra engine arguments, appended verbatim.")
        List<String> extraArgs) {}
