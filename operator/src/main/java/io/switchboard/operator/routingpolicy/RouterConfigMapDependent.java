package io.switchboard.operator.routingpolicy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.switchboard.api.v1alpha1.routingpolicy.RoutingPolicy;

/** The rendered router configuration every router of the policy mounts and hot-reloads. */
@KubernetesDependent(informer = @Informer(labelSelector = RouterWorkloads.POLICY_LABEL))
public class RouterConfigMapDependent
    extends CRUDKubernetesDependentResource<ConfigMap, RoutingPolicy> {

  @Override
  protected ConfigMap desired(RoutingPolicy policy, Context<RoutingPolicy> context) {
    return RenderedRouter.of(context).configMap();
  }
}
