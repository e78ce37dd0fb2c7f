package io.switchboard.e2e.run;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.switchboard.api.v1alpha1.routingpolicy.RoutingPolicy;
import io.switchboard.api.v1alpha1.routingpolicy.RoutingPolicySpec;
import java.time.Duration;
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
    long deadline = System.nanoTime() + timeout.toNanos();
    String last = null;
    while (System.nanoTime() < deadline) {
      RouterClient.Reply reply =
          router.chat("Reply with OK.", "reload-probe-" + System.nanoTime(), 4);
      last = reply.decision();
      if (reply.ok() && last != null && last.startsWith(mode + ";")) {
        return;
      }
      Thread.sleep(250);
    }
    throw new IllegalStateException(
        "router still decides with '" + last + "' after " + timeout + ", expected " + mode);
  }
}
