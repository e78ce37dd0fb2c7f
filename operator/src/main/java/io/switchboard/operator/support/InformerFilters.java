package io.switchboard.operator.support;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Objects;

/**
 * Which informer events are worth a reconcile. At a thousand policies every needless reconcile is
 * CPU the operator shares with the API server, so events that cannot change the outcome are
 * dropped. The operator's own writes to the objects it owns are filtered by JOSDK (its dependents
 * mark what they wrote), so only other kinds' events need a filter here.
 */
public final class InformerFilters {

  private InformerFilters() {}

  /**
   * A policy seen by another kind's controller (Budget coverage, ExpertPool GPU caps): only its
   * spec (generation) and labels matter, not the status the policy controller writes.
   */
  public static boolean specOrLabelsChanged(HasMetadata now, HasMetadata before) {
    return !Objects.equals(now.getMetadata().getGeneration(), before.getMetadata().getGeneration())
        || !Objects.equals(now.getMetadata().getLabels(), before.getMetadata().getLabels());
  }
}
