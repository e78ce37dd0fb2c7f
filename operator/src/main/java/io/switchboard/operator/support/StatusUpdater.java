package io.switchboard.operator.support;

import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.switchboard.operator.OperatorConfig;
import java.util.Objects;

/**
 * Writes a reconciled status once, and only when it changed. In a cluster the status goes through
 * JOSDK's server-side-apply patch; against the Fabric8 mock API server (tests, local run), whose
 * JSON-patch handling of arrays is unreliable, it is replaced through the status subresource, which
 * is safe because the operator is the status's only writer.
 */
public class StatusUpdater {

  private final KubernetesClient client;
  private final boolean serverSideApply;

  public StatusUpdater(KubernetesClient client, OperatorConfig config) {
    this.client = client;
    this.serverSideApply = config.serverSideApplyStatus();
  }

  public <S, R extends CustomResource<?, S>> UpdateControl<R> update(
      R resource, S previous, S next) {
    if (Objects.equals(
        client.getKubernetesSerialization().asJson(previous),
        client.getKubernetesSerialization().asJson(next))) {
      return UpdateControl.noUpdate();
    }
    resource.setStatus(next);
    if (serverSideApply) {
      return UpdateControl.patchStatus(resource);
    }
    resource.getMetadata().setResourceVersion(null);
    resource.getMetadata().setManagedFields(null);
    client.resource(resource).updateStatus();
    return UpdateControl.noUpdate();
  }
}
