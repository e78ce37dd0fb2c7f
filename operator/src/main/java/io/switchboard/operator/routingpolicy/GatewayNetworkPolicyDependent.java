package io.switchboard.operator.routingpolicy;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.switchboard.api.v1alpha1.routingpolicy.RoutingPolicy;
import io.switchboard.operator.support.ExactNetworkPolicyDependent;

/** The gateway pods' NetworkPolicy; present only while {@link GatewayNetworkPolicyOn} holds. */
@KubernetesDependent(informer = @Informer(labelSelector = RouterWorkloads.POLICY_LABEL))
public class GatewayNetworkPolicyDependent extends ExactNetworkPolicyDependent<RoutingPolicy> {

  @Override
  protected NetworkPolicy desired(RoutingPolicy policy, Context<RoutingPolicy> context) {
    return RenderedRouter.of(context).gatewayNetworkPolicy();
  }

  @Override
  protected ResourceID targetSecondaryResourceID(
      RoutingPolicy policy, Context<RoutingPolicy> context) {
    return RenderedRouter.gatewayId(policy);
  }
}
