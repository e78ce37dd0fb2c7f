package io.switchboard.operator.support;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;

/**
 * Owner references naming the owner as the object's controller. JOSDK's dependents add a plain
 * reference; controller + blockOwnerDeletion make {@code kubectl} show who manages the object and
 * make foreground deletion wait for it. JOSDK keeps a reference already present for the owner.
 */
public final class Owners {

  private Owners() {}

  public static void controlledBy(HasMetadata object, HasMetadata owner) {
    object.addOwnerReference(controller(owner));
  }

  public static OwnerReference controller(HasMetadata owner) {
    return new OwnerReferenceBuilder()
        .withApiVersion(owner.getApiVersion())
        .withKind(owner.getKind())
        .withName(owner.getMetadata().getName())
        .withUid(owner.getMetadata().getUid())
        .withController(true)
        .withBlockOwnerDeletion(true)
        .build();
  }
}
