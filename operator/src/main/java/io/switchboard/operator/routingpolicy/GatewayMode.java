package io.switchboard.operator.routingpolicy;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;
import io.switchboard.api.v1alpha1.routingpolicy.RoutingPolicy;

/**
 * Reconcile precondition of the gateway Deployment and Service: they exist while {@code
 * router.type} is gateway (the default), and JOSDK deletes them when it turns to sidecar. A
 * precondition rather than an activation condition, which would leave them in place: activation is
 * for resource kinds that may not be installed at all.
 */
public class GatewayMode implements Condition<Object, RoutingPolicy> {

  @Override
  public boolean isMet(
      DependentResource<Object, RoutingPolicy> dependentResource,
      RoutingPolicy policy,
      Context<RoutingPolicy> context) {
    return RoutingPolicyReconciler.isGateway(policy);
  }
}
