package io.switchboard.operator.expertpool;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.GarbageCollected;
import io.javaoperatorsdk.operator.processing.dependent.CRUDKubernetesBulkDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.KubernetesBulkDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.switchboard.api.v1alpha1.expertpool.ExpertPool;
import io.switchboard.operator.support.Owners;
import io.switchboard.templates.RenderedExpert;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * One kind of object per self-hosted expert (Deployment, Service or PodDisruptionBudget), as a
 * JOSDK bulk dependent: JOSDK creates and updates one per rendered expert and deletes those of
 * experts dropped from the spec. An expert still in the spec whose new version failed to render
 * keeps its objects as they were. Owner references (garbage collected) remove everything with the
 * pool.
 */
abstract class ExpertObjectsDependent<R extends HasMetadata>
    extends KubernetesDependentResource<R, ExpertPool>
    implements CRUDKubernetesBulkDependentResource<R, ExpertPool>,
        KubernetesBulkDependentResource<R, ExpertPool>,
        GarbageCollected<ExpertPool> {

  private final Function<RenderedExpert.SelfHosted, R> pick;

  ExpertObjectsDependent(Class<R> type, Function<RenderedExpert.SelfHosted, R> pick) {
    super(type);
    this.pick = pick;
  }

  @Override
  public Map<ResourceID, R> desiredResources(ExpertPool pool, Context<ExpertPool> context) {
    return RenderedExperts.of(context).byWorkload().values().stream()
        .map(pick)
        .collect(
            Collectors.toMap(
                r -> new ResourceID(r.getMetadata().getName(), pool.getMetadata().getNamespace()),
                r -> r));
  }

  /** The pool is the objects' controller. */
  @Override
  protected void addReferenceHandlingMetadata(R desired, ExpertPool pool) {
    Owners.controlledBy(desired, pool);
  }

  @Override
  public Map<ResourceID, R> getSecondaryResources(ExpertPool pool, Context<ExpertPool> context) {
    return context
        .getSecondaryResourcesAsStream(resourceType())
        .collect(Collectors.toMap(ResourceID::fromResource, r -> r, (a, b) -> a));
  }

  @Override
  public void deleteTargetResource(
      ExpertPool pool, R resource, ResourceID key, Context<ExpertPool> context) {
    if (!RenderedExperts.of(context).inSpec().contains(resource.getMetadata().getName())) {
      super.deleteTargetResource(pool, resource, key, context);
    }
  }
}
