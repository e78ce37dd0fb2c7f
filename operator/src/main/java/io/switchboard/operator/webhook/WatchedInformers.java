package io.switchboard.operator.webhook;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A cache of one resource kind in the namespaces the operator watches: one informer over all
 * namespaces, or one per watched namespace. A namespaced install grants only per-namespace Roles,
 * so a cluster-wide list/watch would be forbidden there.
 */
final class WatchedInformers<T extends HasMetadata> implements AutoCloseable {

  private final Map<String, SharedIndexInformer<T>> byNamespace;
  private final SharedIndexInformer<T> everywhere;

  private WatchedInformers(
      Map<String, SharedIndexInformer<T>> byNamespace, SharedIndexInformer<T> everywhere) {
    this.byNamespace = byNamespace;
    this.everywhere = everywhere;
  }

  /** Starts the informers; {@code namespaces} empty (or absent) means all namespaces. */
  static <T extends HasMetadata> WatchedInformers<T> start(
      KubernetesClient client, Class<T> type, Optional<List<String>> namespaces) {
    List<String> watched = namespaces.orElse(List.of());
    if (watched.isEmpty()) {
      return new WatchedInformers<>(Map.of(), client.resources(type).inAnyNamespace().inform());
    }
    Map<String, SharedIndexInformer<T>> informers = new HashMap<>();
    for (String namespace : watched) {
      informers.put(namespace, client.resources(type).inNamespace(namespace).inform());
    }
    return new WatchedInformers<>(informers, null);
  }

  /**
   * The cached resources of {@code namespace}; none for a namespace the operator does not watch.
   */
  List<T> in(String namespace) {
    SharedIndexInformer<T> informer = everywhere != null ? everywhere : byNamespace.get(namespace);
    if (informer == null) {
      return List.of();
    }
    return informer.getStore().list().stream()
        .filter(r -> namespace.equals(r.getMetadata().getNamespace()))
        .toList();
  }

  @Override
  public void close() {
    if (everywhere != null) {
      everywhere.close();
    }
    byNamespace.values().forEach(SharedIndexInformer::close);
  }
}
