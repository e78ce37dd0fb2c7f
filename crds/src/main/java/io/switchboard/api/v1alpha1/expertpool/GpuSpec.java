package io.switchboard.api.v1alpha1.expertpool;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.kubernetes.api.model.Toleration;
import java.util.List;
import java.util.Map;

@JsonInclude(JsonInclude.Include.NON_NULL)
public record GpuSpec(
    @Required @Min(1) @Max(16) @JsonPropertyDescription("nvidia.com/gpu per replica.")
        Integer count,
    @Size(max = 128)
        @JsonPropertyDescription(
            "GPU product, matched against the node label nvidia.com/gpu.product (e.g. NVIDIA-H100-80GB-HBM3).")
        String type,
    @JsonPropertyDescription("Extra node selector for the expert's pods.")
        Map<String, String> nodeSelector,
    @Size(max = 16)
        @JsonPropertyDescription(
            "Extra tolerations; nvidia.com/gpu:NoSchedule is always tolerated.")
        List<Toleration> tolerations) {}
