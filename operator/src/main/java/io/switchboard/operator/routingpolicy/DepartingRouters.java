package io.switchboard.operator.routingpolicy;

import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.switchboard.api.v1alpha1.routingpolicy.RoutingPolicy;
import io.switchboard.operator.support.KubeNames;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import org.jboss.logging.Logger;

/**
 * Notices router replicas that are shutting down gracefully, while they still answer: a gateway
 * address that leaves its Service's ready Endpoints (the endpoints controller drops a terminating
 * pod at once, and the router stays up for its {@code quarkus.shutdown.delay}), and an injected pod
 * that got a {@code deletionTimestamp}. Watches only objects carrying the policy label (the
 * endpoints controller copies the gateway Service's labels onto its Endpoints), in the namespaces
 * the operator watches.
 */
final class DepartingRouters implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(DepartingRouters.class);

  private final RouterMetricsCollector routers;
  private final BiConsumer<RoutingPolicy, URI> departing;
  private final List<SharedIndexInformer<?>> informers = new ArrayList<>();

  /**
   * @param departing called on an informer thread with the policy and the base URL of each replica
   *     that is leaving; must not block
   */
  DepartingRouters(RouterMetricsCollector routers, BiConsumer<RoutingPolicy, URI> departing) {
    this.routers = routers;
    this.departing = departing;
  }

  /** Starts watching; {@code namespaces} empty means all namespaces. */
  synchronized void start(KubernetesClient client, List<String> namespaces) {
    if (!informers.isEmpty()) {
      return;
    }
    if (namespaces.isEmpty()) {
      informers.add(
          client
              .endpoints()
              .inAnyNamespace()
              .withLabel(RouterWorkloads.POLICY_LABEL)
              .inform(handler(this::endpointsChanged)));
      informers.add(
          client
              .pods()
              .inAnyNamespace()
              .withLabel(RouterWorkloads.POLICY_LABEL)
              .inform(handler(this::podChanged)));
      return;
    }
    for (String namespace : namespaces) {
      informers.add(
          client
              .endpoints()
              .inNamespace(namespace)
              .withLabel(RouterWorkloads.POLICY_LABEL)
              .inform(handler(this::endpointsChanged)));
      informers.add(
          client
              .pods()
              .inNamespace(namespace)
              .withLabel(RouterWorkloads.POLICY_LABEL)
              .inform(handler(this::podChanged)));
    }
  }

  /** Ready gateway addresses in {@code before} that {@code after} (null: deleted) no longer has. */
  void endpointsChanged(Endpoints before, Endpoints after) {
    if (before == null) {
      return;
    }
    Optional<RoutingPolicy> policy = policyOf(before);
    if (policy.isEmpty()
        || !RoutingPolicyReconciler.isGateway(policy.get())
        || !KubeNames.gateway(policy.get().getMetadata().getName())
            .equals(before.getMetadata().getName())) {
      return;
    }
    Set<URI> gone = new LinkedHashSet<>(routers.gatewayRouters(before));
    if (after != null) {
      gone.removeAll(routers.gatewayRouters(after));
    }
    gone.forEach(router -> depart(policy.get(), router));
  }

  /** An injected router whose pod has just been marked for deletion. */
  void podChanged(Pod before, Pod after) {
    if (before == null
        || after == null
        || before.getMetadata().getDeletionTimestamp() != null
        || after.getMetadata().getDeletionTimestamp() == null) {
      return;
    }
    Optional<RoutingPolicy> policy = policyOf(after);
    if (policy.isPresent() && !RoutingPolicyReconciler.isGateway(policy.get())) {
      routers.sidecarRouter(policy.get(), after).ifPresent(router -> depart(policy.get(), router));
    }
  }

  private void depart(RoutingPolicy policy, URI router) {
    LOG.infof(
        "router replica %s of policy %s/%s is leaving: reading its state once more",
        router.getAuthority(), policy.getMetadata().getNamespace(), policy.getMetadata().getName());
    departing.accept(policy, router);
  }

  private Optional<RoutingPolicy> policyOf(HasMetadata object) {
    var labels = object.getMetadata().getLabels();
    String name = labels == null ? null : labels.get(RouterWorkloads.POLICY_LABEL);
    if (name == null) {
      return Optional.empty();
    }
    return routers.policy(new ResourceID(name, object.getMetadata().getNamespace()));
  }

  private <T> ResourceEventHandler<T> handler(BiConsumer<T, T> changed) {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(T obj) {}

      @Override
      public void onUpdate(T oldObj, T newObj) {
        guarded(() -> changed.accept(oldObj, newObj));
      }

      @Override
      public void onDelete(T obj, boolean deletedFinalStateUnknown) {
        guarded(() -> changed.accept(obj, null));
      }
    };
  }

  private static void guarded(Runnable action) {
    try {
      action.run();
    } catch (RuntimeException e) {
      LOG.warnf(e, "noticing a departing router failed");
    }
  }

  @Override
  public synchronized void close() {
    informers.forEach(SharedIndexInformer::close);
    informers.clear();
  }
}
