package io.switchboard.e2e.local;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.switchboard.api.v1alpha1.budget.Budget;
import io.switchboard.api.v1alpha1.expertpool.ExpertPool;
import io.switchboard.api.v1alpha1.routingpolicy.RoutingPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Emulates the kube-controller-manager's garbage collector, which the mock API server lacks: when a
 * Switchboard resource is deleted, the Deployments, Services, ConfigMaps and PodDisruptionBudgets
 * whose {@code ownerReferences} name its uid are deleted too (background propagation). In a real
 * cluster the operator relies on exactly these ownerReferences for cleanup.
 */
final class OwnerGarbageCollector implements AutoCloseable {

  private final KubernetesClient client;
  private final Consumer<String> log;
  private final List<SharedIndexInformer<?>> informers = new ArrayList<>();

  OwnerGarbageCollector(KubernetesClient client, Consumer<String> log) {
    this.client = client;
    this.log = log;
  }

  void start(String namespace) {
    informers.add(watchOwners(client.resources(RoutingPolicy.class), namespace));
    informers.add(watchOwners(client.resources(ExpertPool.class), namespace));
    informers.add(watchOwners(client.resources(Budget.class), namespace));
  }

  private <T extends HasMetadata> SharedIndexInformer<T> watchOwners(
      MixedOperation<T, ?, ? extends Resource<T>> owners, String namespace) {
    return owners
        .inNamespace(namespace)
        .inform(
            new ResourceEventHandler<T>() {
              @Override
              public void onAdd(T obj) {}

              @Override
              public void onUpdate(T oldObj, T newObj) {}

              @Override
              public void onDelete(T owner, boolean unknownFinalState) {
                collect(owner);
              }
            });
  }

  void collect(HasMetadata owner) {
    String ns = owner.getMetadata().getNamespace();
    String uid = owner.getMetadata().getUid();
    List<HasMetadata> dependents = new ArrayList<>();
    dependents.addAll(client.apps().deployments().inNamespace(ns).list().getItems());
    dependents.addAll(client.services().inNamespace(ns).list().getItems());
    dependents.addAll(client.configMaps().inNamespace(ns).list().getItems());
    dependents.addAll(client.policy().v1().podDisruptionBudget().inNamespace(ns).list().getItems());
    for (HasMetadata dependent : dependents) {
      List<OwnerReference> refs = dependent.getMetadata().getOwnerReferences();
      if (refs != null && refs.stream().anyMatch(r -> uid.equals(r.getUid()))) {
        client.resource(dependent).delete();
        log.accept(
            "garbage collector (emulated): deleted "
                + dependent.getClass().getSimpleName()
                + " "
                + ns
                + "/"
                + dependent.getMetadata().getName()
                + " owned by "
                + owner.getClass().getSimpleName()
                + " "
                + owner.getMetadata().getName());
      }
    }
  }

  @Override
  public void close() {
    informers.forEach(SharedIndexInformer::close);
  }
}
