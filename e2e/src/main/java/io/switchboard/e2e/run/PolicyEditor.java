package io.switchboard.e2e.run;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.switchboard.api.v1alpha1.routingpolicy.RoutingPolicy;
import io.switchboard.api.v1alpha1.routingpolicy.RoutingPolicySpec;
import java.time.Duration;
import java.util.NoSuchElementException;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * Edits a RoutingPolicy as a user would ({@code kubectl edit}: read, change the spec, update) and
 * waits until the operator has observed the edit and the running router serves the new
 * configuration.
 */
public final class PolicyEditor {

  private final KubernetesClient client;
  private final String namespace;
  private final String name;

  public PolicyEditor(KubernetesClient client, String namespace, String name) {
    this.client = client;
    this.namespace = namespace;
    this.name = name;
  }

  public RoutingPolicy current() {
    return client.resources(RoutingPolicy.class).inNamespace(namespace).withName(name).get();
  }

  /**
   * Replaces the spec with {@code change} applied to its JSON form; returns the new generation. A
   * 409 (the operator wrote the status between read and write, as it does under load) is retried on
   * the latest version, as {@code kubectl edit} would have the user do.
   */
  public long editSpec(UnaryOperator<ObjectNode> change) {
    return OnConflict.retry(() -> editOnce(change));
  }

  private long editOnce(UnaryOperator<ObjectNode> change) {
    RoutingPolicy edited =
        client
            .resources(RoutingPolicy.class)
            .inNamespace(namespace)
            .withName(name)
            .edit(
                policy -> {
                  var serialization = client.getKubernetesSerialization();
                  ObjectNode spec = serialization.convertValue(policy.getSpec(), ObjectNode.class);
                  policy.setSpec(
                      serialization.convertValue(change.apply(spec), RoutingPolicySpec.class));
                  return policy;
                });
    return edited.getMetadata().getGeneration();
  }

  /**
   * Waits until the operator observed {@code generation}, reports Valid, and published a config
   * hash other than {@code previousHash}; returns the new hash.
   */
  public String awaitRendered(long generation, String previousHash, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      RoutingPolicy policy = current();
      var status = policy.getStatus();
      if (status != null
          && status.getObservedGeneration() != null
          && status.getObservedGeneration() >= generation) {
        if (!status.isTrue("Valid")) {
          throw new IllegalStateException(
              "the operator refused the edited policy: " + status.getConditions());
        }
        if (status.getConfigHash() != null && !status.getConfigHash().equals(previousHash)) {
          return status.getConfigHash();
        }
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException(
        "the operator did not render generation " + generation + " within " + timeout);
  }

  /**
   * Sends probe requests until the router's decision header names {@code mode}, i.e. it reloaded
   * the config.
   */
  public static void awaitRouterMode(RouterClient router, String mode, Duration timeout)
      throws InterruptedException {
    awaitRouterMode(() -> router, mode, timeout);
  }

  /**
   * As {@link #awaitRouterMode(RouterClient, String, Duration)}, resolving the router anew for each
   * probe: an edit that changes the router's pod template (a classifier model volume) starts a new
   * pod, which the local kubelet gives a new loopback port. Returns the router that answered.
   *
   * @param router throws {@link java.util.NoSuchElementException} while no pod backs the Service
   */
  public static RouterClient awaitRouterMode(
      Supplier<RouterClient> router, String mode, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    String last = null;
    while (System.nanoTime() < deadline) {
      try {
        RouterClient current = router.get();
        RouterClient.Reply reply =
            current.chat("Reply with OK.", "reload-probe-" + System.nanoTime(), 4);
        last = reply.ok() ? reply.decision() : "HTTP " + reply.status() + " " + reply.error();
        if (reply.ok() && last != null && last.startsWith(mode + ";")) {
          return current;
        }
      } catch (NoSuchElementException e) {
        last = "no pod behind the Service";
      }
      Thread.sleep(250);
    }
    throw new IllegalStateException(
        "router still decides with '" + last + "' after " + timeout + ", expected " + mode);
  }
}
