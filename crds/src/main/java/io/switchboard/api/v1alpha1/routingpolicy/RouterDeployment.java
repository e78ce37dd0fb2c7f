package io.switchboard.api.v1alpha1.routingpolicy;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.LabelSelector;

@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "self.type != 'sidecar' || has(self.workloadSelector)",
    message = "router.type sidecar requires router.workloadSelector")
@ValidationRule(
    value = "self.type != 'sidecar' || !has(self.replicas)",
    message = "router.replicas applies only to router.type gateway")
public record RouterDeployment(
    @Default("gateway")
        @JsonPropertyDescription(
            "sidecar: injected into matching pods by the operator's webhook; gateway: a Deployment owned by the policy.")
        Type type,
    @JsonPropertyDescription("Pods (in this namespace) that get the router sidecar.")
        LabelSelector workloadSelector,
    @Min(1) @Max(100) @JsonPropertyDescription("Gateway replicas.") Integer replicas,
    @Size(max = 512)
        @JsonPropertyDescription("Router image override; the operator's default otherwise.")
        String image) {

  public enum Type {
    @JsonProperty("sidecar")
    SIDECAR,
    @JsonProperty("gateway")
    GATEWAY
  }
}
