package io.switchboard.operator.routingpolicy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.switchboard.api.v1alpha1.routingpolicy.RoutingPolicy;
import io.switchboard.operator.support.Owners;

/**
 * What the policy's workflow should make true, rendered once per reconcile by {@link
 * RoutingPolicyReconciler} after the spec was validated and handed to the dependents through the
 * workflow context. The reconciler renders because only a valid spec may reach the cluster: an
 * invalid one leaves the workflow unrun, so routers keep the last good configuration.
 *
 * @param gateway the gateway Deployment; rendered for sidecar policies too, where JOSDK needs it to
 *     name the Deployment it deletes ({@link GatewayMode} decides whether it exists)
 * @param gatewayService the gateway Service, likewise
 * @param managementService the headless Service over the gateway pods' management port, likewise
 * @param gatewayNetworkPolicy the gateway pods' NetworkPolicy, likewise ({@link
 *     GatewayNetworkPolicyOn})
 * @param networkPolicies whether the operator renders NetworkPolicies at all
 */
record RenderedRouter(
    ConfigMap configMap,
    Deployment gateway,
    Service gatewayService,
    Service managementService,
    NetworkPolicy gatewayNetworkPolicy,
    boolean networkPolicies) {

  /** Every object lives in the policy's namespace and names the policy as its controller. */
  RenderedRouter ownedBy(RoutingPolicy policy) {
    for (HasMetadata object :
        new HasMetadata[] {
          configMap, gateway, gatewayService, managementService, gatewayNetworkPolicy
        }) {
      object.getMetadata().setNamespace(policy.getMetadata().getNamespace());
      Owners.controlledBy(object, policy);
    }
    return this;
  }

  static RenderedRouter of(Context<RoutingPolicy> context) {
    return context
        .managedWorkflowAndDependentResourceContext()
        .getMandatory(RenderedRouter.class, RenderedRouter.class);
  }

  void putInto(Context<RoutingPolicy> context) {
    context.managedWorkflowAndDependentResourceContext().put(RenderedRouter.class, this);
  }
}
