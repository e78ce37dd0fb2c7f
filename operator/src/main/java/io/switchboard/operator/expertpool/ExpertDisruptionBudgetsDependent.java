package io.switchboard.operator.expertpool;

import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.switchboard.templates.RenderedExpert;

/** The PodDisruptionBudget of each self-hosted expert. */
@KubernetesDependent(informer = @Informer(labelSelector = ExpertWorkloads.POOL_LABEL))
public class ExpertDisruptionBudgetsDependent extends ExpertObjectsDependent<PodDisruptionBudget> {

  public ExpertDisruptionBudgetsDependent() {
    super(PodDisruptionBudget.class, RenderedExpert.SelfHosted::disruptionBudget);
  }
}
