package io.switchboard.operator.expertpool;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.switchboard.templates.RenderedExpert;

/** The Deployment of each self-hosted expert. */
@KubernetesDependent(informer = @Informer(labelSelector = ExpertWorkloads.POOL_LABEL))
public class ExpertDeploymentsDependent extends ExpertObjectsDependent<Deployment> {

  public ExpertDeploymentsDependent() {
    super(Deployment.class, RenderedExpert.SelfHosted::deployment);
  }
}
