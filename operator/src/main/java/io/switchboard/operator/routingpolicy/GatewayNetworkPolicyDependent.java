package io.switchboard.operator.routingpolicy;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.Matcher;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.switchboard.api.v1alpha1.routingpolicy.RoutingPolicy;
import java.util.Objects;

/** The gateway pods' NetworkPolicy; present only while {@link GatewayNetworkPolicyOn} holds. */
@KubernetesDependent(informer = @Informer(labelSelector = RouterWorkloads.POLICY_LABEL))
public class GatewayNetworkPolicyDependent
    extends CRUDKubernetesDependentResource<NetworkPolicy, RoutingPolicy> {

  @Override
  protected NetworkPolicy desired(RoutingPolicy policy, Context<RoutingPolicy> context) {
    return RenderedRouter.of(context).gatewayNetworkPolicy();
  }

  /**
   * Also compares the rules exactly: the matcher used without server-side apply ignores what only
   * the live object has, so a peer dropped from the desired rules would never be removed.
   */
  @Override
  public Matcher.Result<NetworkPolicy> match(
      NetworkPolicy actual,
      NetworkPolicy desired,
      RoutingPolicy primary,
      Context<RoutingPolicy> context) {
    boolean matched =
        super.match(actual, desired, primary, context).matched()
            && Objects.equals(actual.getSpec(), desired.getSpec());
    return Matcher.Result.computed(matched, desired);
  }
}
