package io.switchboard.operator.expertpool;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.switchboard.api.v1alpha1.expertpool.ExpertPool;
import io.switchboard.operator.support.ExactNetworkPolicyDependent;

/** The pool's NetworkPolicy over its expert pods; present only while {@link NetworkPolicyOn}. */
@KubernetesDependent(informer = @Informer(labelSelector = ExpertWorkloads.POOL_LABEL))
public class ExpertNetworkPolicyDependent extends ExactNetworkPolicyDependent<ExpertPool> {

  @Override
  protected NetworkPolicy desired(ExpertPool pool, Context<ExpertPool> context) {
    return RenderedExperts.of(context).networkPolicy();
  }
}
