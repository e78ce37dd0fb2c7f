package io.switchboard.operator.support;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.switchboard.api.v1alpha1.common.SwitchboardStatus;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * Sets standard conditions on a status. lastTransitionTime moves only when the condition's status
 * changes, so repeated reconciles of an unchanged object write an identical status (no hot loops).
 */
public final class ConditionWriter {

  private final Clock clock;

  public ConditionWriter(Clock clock) {
    this.clock = clock;
  }

  public void set(
      HasMetadata owner,
      SwitchboardStatus status,
      String type,
      boolean value,
      String reason,
      String message) {
    set(owner, status, type, value ? "True" : "False", reason, message);
  }

  /** A condition the operator cannot judge yet (status "Unknown"). */
  public void unknown(
      HasMetadata owner, SwitchboardStatus status, String type, String reason, String message) {
    set(owner, status, type, "Unknown", reason, message);
  }

  /** Drops the condition: what it reported on is no longer asked for. */
  public void remove(SwitchboardStatus status, String type) {
    List<Condition> conditions = new ArrayList<>(status.getConditions());
    if (conditions.removeIf(c -> type.equals(c.getType()))) {
      status.setConditions(conditions);
    }
  }

  private void set(
      HasMetadata owner,
      SwitchboardStatus status,
      String type,
      String statusValue,
      String reason,
      String message) {
    List<Condition> conditions = new ArrayList<>(status.getConditions());
    Condition previous = status.condition(type).orElse(null);
    String transition =
        previous != null
                && statusValue.equals(previous.getStatus())
                && previous.getLastTransitionTime() != null
            ? previous.getLastTransitionTime()
            : Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString();
    Condition condition =
        new ConditionBuilder()
            .withType(type)
            .withStatus(statusValue)
            .withReason(reason)
            .withMessage(message)
            .withObservedGeneration(owner.getMetadata().getGeneration())
            .withLastTransitionTime(transition)
            .build();
    conditions.removeIf(c -> type.equals(c.getType()));
    conditions.add(condition);
    conditions.sort((a, b) -> a.getType().compareTo(b.getType()));
    status.setConditions(conditions);
  }
}
