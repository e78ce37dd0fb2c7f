package io.switchboard.api.v1alpha1.routingpolicy;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.switchboard.api.v1alpha1.common.Names;
import io.switchboard.api.v1alpha1.common.SecretKeyRef;
import java.util.List;

/** Routers in several clusters share differentially private aggregates only. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "self.epsilonPerRound <= self.totalEpsilon",
    message = "federated.epsilonPerRound must not exceed federated.totalEpsilon")
@ValidationRule(
    value = "self.peers.all(p, self.peers.exists_one(q, q.name == p.name))",
    message = "peer names must be unique",
    fieldPath = ".peers")
@ValidationRule(
    value = "self.localMode != 'federated'",
    message = "federated.localMode must be another mode")
public record FederatedParams(
    @Required @Size(min = 1, max = 16) @JsonPropertyDescription("Peer clusters' routers.")
        List<Peer> peers,
    @Required
        @Min(0.001)
        @Max(10)
        @JsonPropertyDescription("Differential-privacy epsilon spent per sharing round.")
        Double epsilonPerRound,
    @Required
        @Min(0.001)
        @Max(100)
        @JsonPropertyDescription("Total epsilon; sharing stops when it is spent.")
        Double totalEpsilon,
    @Default("300") @Min(10) @Max(86400) @JsonPropertyDescription("Seconds between sharing rounds.")
        Integer roundSeconds,
    @Default("bandit")
        @JsonPropertyDescription("Mode that makes local decisions from the shared model.")
        RoutingMode localMode,
    @Default("false")
        @JsonPropertyDescription(
            "Send requests to a peer's pool when every local expert is saturated.")
        Boolean offloadWhenSaturated) {

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Peer(
      @Required @Size(min = 1, max = Names.EXPERT_NAME_MAX) @Pattern(Names.DNS_LABEL) String name,
      @Required
          @Size(max = 2048)
          @Pattern("^https?://[^\\s]+$")
          @JsonPropertyDescription("The peer router's base URL.")
          String url,
      @JsonPropertyDescription(
              "Secret key holding the tenant API key the peer's router issued to this cluster. "
                  + "Mounted into the router (the operator never reads it) and sent as 'Authorization: Bearer' when fetching "
                  + "the peer's aggregate and on requests offloaded to it; required when the peer's tenants.required is true. "
                  + "Rotate it by updating the Secret.")
          SecretKeyRef secretRef) {}
}
