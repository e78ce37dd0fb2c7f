package io.switchboard.operator.routingpolicy;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;
import io.switchboard.api.v1alpha1.routingpolicy.RoutingPolicy;

/**
 * Reconcile precondition of the gateway's NetworkPolicy: a gateway policy while the operator
 * renders NetworkPolicies. Sidecar routers get none: they share their application's pod, whose
 * ingress belongs to the application's owner.
 */
public class GatewayNetworkPolicyOn implements Condition<Object, RoutingPolicy> {

  @Override
  public boolean isMet(
      DependentResource<Object, RoutingPolicy> dependentResource,
      RoutingPolicy policy,
      Context<RoutingPolicy> context) {
    return RoutingPolicyReconciler.isGateway(policy)
        && RenderedRouter.of(context).networkPolicies();
  }
}
