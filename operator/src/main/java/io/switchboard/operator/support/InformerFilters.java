package io.switchboard.operator.support;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Objects;

/**
 * Which informer events are worth a reconcile. At a thousand policies every needless reconcile is
 * CPU the operator shares with the API server, so events that cannot change the outcome are
 * dropped.
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

  /**
   * An owned object's update by the operator itself (its desired-hash annotation moved) needs no
   * reconcile: the reconcile that wrote it already reported it. Anyone else's edit (the hash left
   * as it was, or removed) does.
   */
  public static boolean notOurWrite(HasMetadata now, HasMetadata before) {
    String hash = desiredHash(now);
    return hash == null || hash.equals(desiredHash(before));
  }

  /** An owned object the operator created (it carries the desired hash): nothing to react to. */
  public static boolean notOurCreate(HasMetadata added) {
    return desiredHash(added) == null;
  }

  private static String desiredHash(HasMetadata resource) {
    var annotations = resource.getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get(ResourceApplier.DESIRED_HASH);
  }
}
