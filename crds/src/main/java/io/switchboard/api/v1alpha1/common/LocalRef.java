package io.switchboard.api.v1alpha1.common;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** Reference to another Switchboard resource in the same namespace. */
public record LocalRef(
    @Required
        @Size(min = 1, max = 253)
        @Pattern(Names.DNS_SUBDOMAIN)
        @JsonPropertyDescription("Name of the referenced resource in the same namespace.")
        String name) {}
