package io.switchboard.operator.routingpolicy;

import io.fabric8.kubernetes.api.model.Service;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.switchboard.api.v1alpha1.routingpolicy.RoutingPolicy;

/**
 * The headless Service over the gateway routers' management port; present only while {@link
 * GatewayMode} holds. A second Service dependent of the same policy: JOSDK tells the two apart by
 * {@link #targetSecondaryResourceID}, the object's name.
 */
@KubernetesDependent(informer = @Informer(labelSelector = RouterWorkloads.POLICY_LABEL))
public class GatewayManagementServiceDependent
    extends CRUDKubernetesDependentResource<Service, RoutingPolicy> {

  @Override
  protected Service desired(RoutingPolicy policy, Context<RoutingPolicy> context) {
    return RenderedRouter.of(context).managementService();
  }

  @Override
  protected ResourceID targetSecondaryResourceID(
      RoutingPolicy policy, Context<RoutingPolicy> context) {
    return RenderedRouter.managementServiceId(policy);
  }
}
