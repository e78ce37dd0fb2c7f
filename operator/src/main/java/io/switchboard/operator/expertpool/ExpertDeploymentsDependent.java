package io.switchboard.operator.expertpool;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.switchboard.api.v1alpha1.expertpool.ExpertPool;
import io.switchboard.templates.RenderedExpert;

/**
 * The Deployment of each self-hosted expert. One rendered without {@code spec.replicas} leaves them
 * to whoever scales it through the scale subresource (the SLO autoscaler).
 */
@KubernetesDependent(informer = @Informer(labelSelector = ExpertWorkloads.POOL_LABEL))
public class ExpertDeploymentsDependent extends ExpertObjectsDependent<Deployment> {

  public ExpertDeploymentsDependent() {
    super(Deployment.class, RenderedExpert.SelfHosted::deployment);
  }

  /**
   * Without server-side apply JOSDK replaces the live spec with the desired one, which would drop
   * the replicas the scale subresource set: they are carried over. A stale live copy makes the
   * update fail on its resourceVersion instead of undoing a newer scale.
   */
  @Override
  public Deployment update(
      Deployment actual, Deployment desired, ExpertPool pool, Context<ExpertPool> context) {
    if (!useSSA(context)
        && desired.getSpec() != null
        && desired.getSpec().getReplicas() == null
        && actual.getSpec() != null) {
      desired =
          new DeploymentBuilder(desired)
              .editSpec()
              .withReplicas(actual.getSpec().getReplicas())
              .endSpec()
              .build();
    }
    return super.update(actual, desired, pool, context);
  }
}
