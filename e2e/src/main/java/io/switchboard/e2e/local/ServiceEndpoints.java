package io.switchboard.e2e.local;

import io.fabric8.kubernetes.api.model.EndpointAddressBuilder;
import io.fabric8.kubernetes.api.model.EndpointPort;
import io.fabric8.kubernetes.api.model.EndpointSubset;
import io.fabric8.kubernetes.api.model.EndpointSubsetBuilder;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.EndpointsBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The endpoints controller of the {@link LocalKubelet}: writes a Service's Endpoints from the pods
 * backing it, each pod as an address (ready or not) with its loopback ports, one subset per pod
 * since their ports differ. The operator reads routers' and engines' metrics through these, as it
 * would in a cluster. Unchanged Endpoints are not written again.
 */
final class ServiceEndpoints {

  /** One pod behind a Service: its loopback ports for the Service's ports, and its readiness. */
  record Backend(List<EndpointPort> ports, boolean ready) {}

  private final KubernetesClient client;
  private final String namespace;
  private final Consumer<String> log;
  private final Map<String, List<Backend>> published = new ConcurrentHashMap<>();

  ServiceEndpoints(KubernetesClient client, String namespace, Consumer<String> log) {
    this.client = client;
    this.namespace = namespace;
    this.log = log;
  }

  /**
   * Publishes the Service's backends; none (all pods gone) empties Endpoints published before, so
   * no stale address stays listed.
   */
  void publish(Service service, List<Backend> backends) {
    String name = service.getMetadata().getName();
    List<Backend> before = published.get(name);
    if (backends.equals(before) || (backends.isEmpty() && before == null)) {
      return;
    }
    var address = new EndpointAddressBuilder().withIp("127.0.0.1").build();
    List<EndpointSubset> subsets =
        backends.stream()
            .map(
                b -> {
                  var subset = new EndpointSubsetBuilder().withPorts(b.ports());
                  return (b.ready()
                          ? subset.withAddresses(address)
                          : subset.withNotReadyAddresses(address))
                      .build();
                })
            .toList();
    Endpoints endpoints =
        new EndpointsBuilder()
            .withNewMetadata()
            .withName(name)
            .withNamespace(namespace)
            // The endpoints controller copies the Service's labels.
            .withLabels(service.getMetadata().getLabels())
            .endMetadata()
            .withSubsets(subsets)
            .build();
    try {
      client.resource(endpoints).createOr(NonDeletingOperation::update);
      published.put(name, List.copyOf(backends));
    } catch (KubernetesClientException e) {
      log.accept("cannot publish Endpoints " + name + ": " + e.getMessage());
    }
  }

  /** Deletes the Endpoints of a deleted Service, if this published them. */
  void remove(String service) {
    if (published.remove(service) != null) {
      client.endpoints().inNamespace(namespace).withName(service).delete();
    }
  }
}
