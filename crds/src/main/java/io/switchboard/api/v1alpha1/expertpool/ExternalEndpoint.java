package io.switchboard.api.v1alpha1.expertpool;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.switchboard.api.v1alpha1.common.SecretKeyRef;

@JsonInclude(JsonInclude.Include.NON_NULL)
public record ExternalEndpoint(
    @Required
        @Size(max = 2048)
        @Pattern("^https?://[^\\s]+$")
        @JsonPropertyDescription(
            "Base URL of an OpenAI-compatible API, e.g. https://api.openai.com/v1.")
        String url,
    @JsonPropertyDescription(
            "Secret key holding the API key; mounted into the router as a file, never put in its config.")
        SecretKeyRef secretRef) {}
