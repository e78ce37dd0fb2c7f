package io.switchboard.api.v1alpha1.expertpool;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.switchboard.api.v1alpha1.common.Names;

@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "!(has(self.pvcName) && has(self.emptyDirSizeLimit))",
    message = "set either pvcName or emptyDirSizeLimit, not both")
public record ModelCacheSpec(
    @Size(max = 253)
        @Pattern(Names.DNS_SUBDOMAIN)
        @JsonPropertyDescription(
            "PersistentVolumeClaim holding the Hugging Face cache (shared across replicas).")
        String pvcName,
    @Size(max = 32)
        @Pattern("^[0-9]+(\\.[0-9]+)?(Ki|Mi|Gi|Ti|K|M|G|T)?$")
        @JsonPropertyDescription("Size limit of an emptyDir cache when no PVC is given.")
        String emptyDirSizeLimit,
    @Default("false")
        @JsonPropertyDescription(
            "Download the weights in an init container before the engine starts.")
        Boolean preload) {}
