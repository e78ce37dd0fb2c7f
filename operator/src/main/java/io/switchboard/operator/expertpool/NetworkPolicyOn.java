package io.switchboard.operator.expertpool;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;
import io.switchboard.api.v1alpha1.expertpool.ExpertPool;

/**
 * Reconcile precondition of the pool's NetworkPolicy: it exists while the operator renders
 * NetworkPolicies ({@code switchboard.operator.network-policies.enabled}); turning that off deletes
 * it. The reconciler hands the setting over in {@link RenderedExperts}, since JOSDK builds
 * conditions itself.
 */
public class NetworkPolicyOn implements Condition<Object, ExpertPool> {

  @Override
  public boolean isMet(
      DependentResource<Object, ExpertPool> dependentResource,
      ExpertPool pool,
      Context<ExpertPool> context) {
    return RenderedExperts.of(context).networkPolicyEnabled();
  }
}
