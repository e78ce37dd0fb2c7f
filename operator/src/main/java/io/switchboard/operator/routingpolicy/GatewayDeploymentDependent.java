package io.switchboard.operator.routingpolicy;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.switchboard.api.v1alpha1.routingpolicy.RoutingPolicy;

/** The gateway routers' Deployment; present only while {@link GatewayMode} holds. */
@KubernetesDependent(informer = @Informer(labelSelector = RouterWorkloads.POLICY_LABEL))
public class GatewayDeploymentDependent
    extends CRUDKubernetesDependentResource<Deployment, RoutingPolicy> {

  @Override
  protected Deployment desired(RoutingPolicy policy, Context<RoutingPolicy> context) {
    return RenderedRouter.of(context).gateway();
  }

  @Override
  protected ResourceID targetSecondaryResourceID(
      RoutingPolicy policy, Context<RoutingPolicy> context) {
    return RenderedRouter.gatewayId(policy);
  }
}
