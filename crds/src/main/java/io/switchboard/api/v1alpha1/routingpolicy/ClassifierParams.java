package io.switchboard.api.v1alpha1.routingpolicy;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.switchboard.api.v1alpha1.common.Names;

/** A router trained offline (the RouteLLM setting); the threshold picks the cost–quality point. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ClassifierParams(
    @Required
        @JsonPropertyDescription(
            "ConfigMap key holding the trained model written by the train command.")
        ModelRef modelRef,
    @Required
        @Min(0)
        @Max(1)
        @JsonPropertyDescription(
            "Route to a stronger expert when its predicted need is at least this.")
        Double threshold) {

  public record ModelRef(
      @Required @Size(min = 1, max = 253) @Pattern(Names.DNS_SUBDOMAIN) String configMap,
      @Required @Size(min = 1, max = 253) @Pattern("^[-._a-zA-Z0-9]+$") String key) {}
}
