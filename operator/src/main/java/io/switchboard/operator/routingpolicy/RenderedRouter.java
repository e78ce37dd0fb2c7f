package io.switchboard.operator.routingpolicy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.switchboard.api.v1alpha1.routingpolicy.RoutingPolicy;
import io.switchboard.operator.support.KubeNames;
import io.switchboard.operator.support.Owners;

/**
 * What the policy's workflow should make true, rendered once per reconcile by {@link
 * RoutingPolicyReconciler} after the spec was validated and handed to the dependents through the
 * workflow context. The reconciler renders because only a valid spec may reach the cluster: an
 * invalid one leaves the workflow unrun, so routers keep the last good configuration.
 *
 * @param gateway the gateway Deployment, null for a sidecar policy ({@link GatewayMode}); its
 *     dependent names the Deployment it deletes by {@link #gatewayId} instead
 * @param gatewayService the gateway Service, likewise
 * @param managementService the headless Service over the gateway pods' management port, likewise
 * @param gatewayNetworkPolicy the gateway pods' NetworkPolicy, null unless {@link
 *     GatewayNetworkPolicyOn} holds
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
      if (object == null) {
        continue;
      }
      object.getMetadata().setNamespace(policy.getMetadata().getNamespace());
      Owners.controlledBy(object, policy);
    }
    return this;
  }

  /**
   * The gateway Deployment, Service and NetworkPolicy of {@code policy}, named without rendering
   * them: JOSDK would otherwise render the desired object only to find the one it deletes.
   */
  static ResourceID gatewayId(RoutingPolicy policy) {
    return new ResourceID(
        KubeNames.gateway(policy.getMetadata().getName()), policy.getMetadata().getNamespace());
  }

  /** The gateway's management Service, likewise. */
  static ResourceID managementServiceId(RoutingPolicy policy) {
    return new ResourceID(
        KubeNames.gatewayManagement(policy.getMetadata().getName()),
        policy.getMetadata().getNamespace());
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
