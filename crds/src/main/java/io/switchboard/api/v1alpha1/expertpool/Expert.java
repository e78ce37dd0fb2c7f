package io.switchboard.api.v1alpha1.expertpool;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.switchboard.api.v1alpha1.common.Names;

@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "self.runtime == 'external' ? has(self.endpoint) : !has(self.endpoint)",
    message = "endpoint is required for runtime external and not allowed for other runtimes")
@ValidationRule(
    value = "!(self.runtime in ['vllm', 'sglang', 'tgi']) || has(self.gpu)",
    message = "gpu is required for runtimes vllm, sglang and tgi")
@ValidationRule(
    value =
        "self.runtime in ['vllm', 'sglang', 'tgi'] || !has(self.parallelism) || "
            + "(self.runtime == 'simulated' && self.parallelism.tensor == 1 "
            + "&& self.parallelism.pipeline == 1 && !self.parallelism.expertParallel)",
    message =
        "parallelism applies only to runtimes vllm, sglang and tgi, and parallelism.data to"
            + " simulated (its engines per replica)")
@ValidationRule(
    value = "self.runtime != 'external' || !has(self.gpu)",
    message = "gpu is not allowed for runtime external")
@ValidationRule(
    value = "self.runtime != 'simulated' || has(self.simulation)",
    message = "simulation is required for runtime simulated")
@ValidationRule(
    value = "self.runtime != 'tgi' || !has(self.parallelism) || !self.parallelism.expertParallel",
    message =
        "tgi does not support expert parallelism; use vllm or sglang for MoE expert parallelism")
@ValidationRule(
    value =
        "!has(self.parallelism) || !has(self.gpu) || "
            + "self.parallelism.tensor * self.parallelism.pipeline * self.parallelism.data == self.gpu.count",
    message = "parallelism.tensor * parallelism.pipeline * parallelism.data must equal gpu.count")
@ValidationRule(
    value = "self.runtime != 'external' || !has(self.autoscaling)",
    message = "autoscaling applies only to self-hosted experts")
public record Expert(
    @Required
        @Size(min = 1, max = Names.EXPERT_NAME_MAX)
        @Pattern(Names.DNS_LABEL)
        @JsonPropertyDescription(
            "Expert name, unique in the pool; routers and policies refer to it.")
        String name,
    @Required
        @JsonPropertyDescription(
            "How the expert is served: vllm, sglang, tgi, external or simulated.")
        ExpertRuntime runtime,
    @Required
        @Size(min = 1, max = 256)
        @JsonPropertyDescription(
            "Model: a Hugging Face id for self-hosted runtimes, the provider's model name for external ones, "
                + "the recorded model name for simulated ones.")
        String model,
    @Size(max = 1024)
        @JsonPropertyDescription("What this expert is good at, in words; the LLM router reads it.")
        String description,
    @Size(max = 512)
        @JsonPropertyDescription("Container image; defaults to the runtime's pinned image.")
        String image,
    @JsonPropertyDescription("GPUs per replica.") GpuSpec gpu,
    @JsonPropertyDescription(
            "Tensor, pipeline, data and expert (MoE) parallelism of one replica; tensor x pipeline x"
                + " data must equal gpu.count. Absent: tensor-parallel over all gpu.count GPUs."
                + " A simulated expert takes only data: that many engines per replica, each with"
                + " its own batch of engine.maxConcurrency and its own engine-labelled metrics.")
        Parallelism parallelism,
    @JsonPropertyDescription("Serving engine settings.") EngineSpec engine,
    @JsonPropertyDescription("Replica bounds; the SLO autoscaler moves between them.")
        ReplicaRange replicas,
    @JsonPropertyDescription("Capability vector for capability routing, each in [0,1].")
        Capabilities capabilities,
    @Required
        @JsonPropertyDescription(
            "Price per million tokens in USD (for self-hosted experts: the amortised GPU cost).")
        Pricing pricing,
    @JsonPropertyDescription("External API endpoint; required for runtime external.")
        ExternalEndpoint endpoint,
    @JsonPropertyDescription("SLO targets for autoscaling self-hosted experts.")
        AutoscalingSpec autoscaling,
    @JsonPropertyDescription("Where model weights are cached.") ModelCacheSpec modelCache,
    @JsonPropertyDescription("Settings of the simulated expert (runtime simulated only).")
        SimulationSpec simulation) {}
