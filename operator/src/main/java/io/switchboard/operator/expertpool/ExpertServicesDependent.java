package io.switchboard.operator.expertpool;

import io.fabric8.kubernetes.api.model.Service;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.switchboard.templates.RenderedExpert;

/** The Service of each self-hosted expert. */
@KubernetesDependent(informer = @Informer(labelSelector = ExpertWorkloads.POOL_LABEL))
public class ExpertServicesDependent extends ExpertObjectsDependent<Service> {

  public ExpertServicesDependent() {
    super(Service.class, RenderedExpert.SelfHosted::service);
  }
}
