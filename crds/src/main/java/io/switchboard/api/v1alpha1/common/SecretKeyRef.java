package io.switchboard.api.v1alpha1.common;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/**
 * A key of a Secret in the same namespace; the operator mounts it as a file, never copies its
 * value.
 */
public record SecretKeyRef(
    @Required
        @Size(min = 1, max = 253)
        @Pattern(Names.DNS_SUBDOMAIN)
        @JsonPropertyDescription("Name of the Secret in the resource's namespace.")
        String name,
    @Required
        @Size(min = 1, max = 253)
        @Pattern("^[-._a-zA-Z0-9]+$")
        @JsonPropertyDescription("Key within the Secret.")
        String key) {}
