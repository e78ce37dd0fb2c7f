package io.switchboard.operator.support;

import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.util.Objects;

/**
 * The status write at the end of a reconcile: JOSDK's status patch when the aggregated status
 * differs from the one the resource carries, no write otherwise (an unchanged reconcile must not
 * wake the informer up again). Whether the patch is server-side apply is the operator's {@code
 * server-side-apply} setting, as for the dependents.
 */
public final class StatusPatch {

  private static final KubernetesSerialization JSON = new KubernetesSerialization();

  private StatusPatch() {}

  public static <S, R extends CustomResource<?, S>> UpdateControl<R> ifChanged(R resource, S next) {
    if (Objects.equals(JSON.asJson(resource.getStatus()), JSON.asJson(next))) {
      return UpdateControl.noUpdate();
    }
    resource.setStatus(next);
    return UpdateControl.patchStatus(resource);
  }
}
