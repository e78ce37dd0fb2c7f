package io.switchboard.api.v1alpha1.common;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Status fields every Switchboard kind shares: the generation the controller last acted on and
 * standard Kubernetes conditions.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public abstract class SwitchboardStatus {

  @JsonPropertyDescription("The metadata.generation the controller last reconciled.")
  private Long observedGeneration;

  @JsonPropertyDescription("Standard Kubernetes conditions.")
  private List<Condition> conditions = new ArrayList<>();

  public Long getObservedGeneration() {
    return observedGeneration;
  }

  public void setObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
  }

  public List<Condition> getConditions() {
    return conditions;
  }

  public void setConditions(List<Condition> conditions) {
    this.conditions = conditions == null ? new ArrayList<>() : new ArrayList<>(conditions);
  }

  @JsonIgnore
  public Optional<Condition> condition(String type) {
    return conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
  }

  /** True when the condition of this type exists and has status "True". */
  @JsonIgnore
  public boolean isTrue(String type) {
    return condition(type).map(c -> "True".equals(c.getStatus())).orElse(false);
  }
}
