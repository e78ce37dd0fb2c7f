package io.switchboard.api.v1alpha1.expertpool;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "self.experts.all(e, self.experts.exists_one(f, f.name == e.name))",
    message = "expert names must be unique within a pool",
    reason = "FieldValueDuplicate",
    fieldPath = ".experts")
public record ExpertPoolSpec(
    @Required
        @Size(min = 1, max = 32)
        @JsonPropertyDescription("The experts of this pool; routing policies choose among them.")
        List<Expert> experts) {}
