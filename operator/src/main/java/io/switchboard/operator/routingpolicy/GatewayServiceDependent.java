package io.switchboard.operator.routingpolicy;

import io.fabric8.kubernetes.api.model.Service;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.switchboard.api.v1alpha1.routingpolicy.RoutingPolicy;

/** The Service in front of the gateway routers; present only while {@link GatewayMode} holds. */
@KubernetesDependent(informer = @Informer(labelSelector = RouterWorkloads.POLICY_LABEL))
public class GatewayServiceDependent
    extends CRUDKubernetesDependentResource<Service, RoutingPolicy> {

  @Override
  protected Service desired(RoutingPolicy policy, Context<RoutingPolicy> context) {
    return RenderedRouter.of(context).gatewayService();
  }

  @Override
  protected ResourceID targetSecondaryResourceID(
      RoutingPolicy policy, Context<RoutingPolicy> context) {
    return RenderedRouter.gatewayId(policy);
  }
}
