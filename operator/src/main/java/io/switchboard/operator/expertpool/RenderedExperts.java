package io.switchboard.operator.expertpool;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.switchboard.api.v1alpha1.expertpool.ExpertPool;
import io.switchboard.templates.RenderedExpert;
import java.util.Map;
import java.util.Set;

/**
 * The pool's self-hosted experts as this reconcile rendered them, handed to the bulk dependents
 * through the workflow context.
 *
 * @param byWorkload rendered objects per workload name, for experts whose spec rendered
 * @param inSpec workload names of every self-hosted expert in the spec, including those that failed
 *     to render: their objects keep the last good version instead of being deleted
 * @param networkPolicy the pool's NetworkPolicy, rendered even when off so JOSDK can name the one
 *     it deletes
 * @param networkPolicyEnabled whether the NetworkPolicy should exist ({@link NetworkPolicyOn})
 */
record RenderedExperts(
    Map<String, RenderedExpert.SelfHosted> byWorkload,
    Set<String> inSpec,
    NetworkPolicy networkPolicy,
    boolean networkPolicyEnabled) {

  static RenderedExperts of(Context<ExpertPool> context) {
    return context
        .managedWorkflowAndDependentResourceContext()
        .getMandatory(RenderedExperts.class, RenderedExperts.class);
  }

  void putInto(Context<ExpertPool> context) {
    context.managedWorkflowAndDependentResourceContext().put(RenderedExperts.class, this);
  }
}
