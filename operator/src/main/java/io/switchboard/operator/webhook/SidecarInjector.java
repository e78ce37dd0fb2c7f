package io.switchboard.operator.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Volume;
import io.switchboard.api.v1alpha1.expertpool.ExpertPool;
import io.switchboard.api.v1alpha1.routingpolicy.RouterDeployment;
import io.switchboard.api.v1alpha1.routingpolicy.RoutingPolicy;
import io.switchboard.operator.routingpolicy.RouterWorkloads;
import io.switchboard.operator.support.LabelSelectors;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decides whether a new pod gets a router sidecar and computes the JSON Patch that adds it. Pure:
 * the caller supplies the policies and pools of the pod's namespace.
 *
 * <p>A pod gets the sidecar of the sidecar-mode policy whose workloadSelector matches its labels
 * (the first by name if several do, with a warning), unless it opts out with the annotation {@code
 * switchboard.io/inject: "false"} or already has the sidecar. Application containers get {@code
 * OPENAI_BASE_URL} pointing at the sidecar unless they set it themselves.
 */
public final class SidecarInjector {

  public static final String OPT_OUT_ANNOTATION = "switchboard.io/inject";
  public static final String INJECTED_ANNOTATION = "switchboard.io/injected-policy";

  private final RouterWorkloads workloads;
  private final int port;
  private final boolean nativeSidecar;
  private final ObjectMapper json = new ObjectMapper();

  public SidecarInjector(RouterWorkloads workloads, int port, boolean nativeSidecar) {
    this.workloads = workloads;
    this.port = port;
    this.nativeSidecar = nativeSidecar;
  }

  /** The decision for one pod: no patch, or a JSON Patch plus warnings for the user. */
  public record Injection(Optional<ArrayNode> patch, List<String> warnings, String policy) {
    static Injection none() {
      return new Injection(Optional.empty(), List.of(), null);
    }
  }

  public Injection inject(Pod pod, List<RoutingPolicy> policies, List<ExpertPool> pools) {
    Map<String, String> annotations =
        pod.getMetadata().getAnnotations() == null ? Map.of() : pod.getMetadata().getAnnotations();
    if ("false".equalsIgnoreCase(annotations.get(OPT_OUT_ANNOTATION)) || hasSidecar(pod)) {
      return Injection.none();
    }
    List<RoutingPolicy> matching =
        policies.stream()
            .filter(SidecarInjector::isSidecarPolicy)
            .filter(
                p ->
                    LabelSelectors.matches(
                        p.getSpec().router().workloadSelector(), pod.getMetadata().getLabels()))
            .sorted(Comparator.comparing(p -> p.getMetadata().getName()))
            .toList();
    if (matching.isEmpty()) {
      return Injection.none();
    }
    RoutingPolicy policy = matching.get(0);
    List<String> warnings = new ArrayList<>();
    if (matching.size() > 1) {
      warnings.add(
          "pod matches the workloadSelector of several RoutingPolicies "
              + matching.stream().map(p -> p.getMetadata().getName()).toList()
              + "; injected "
              + policy.getMetadata().getName());
    }
    Optional<ExpertPool> pool =
        pools.stream()
            .filter(p -> p.getMetadata().getName().equals(policy.getSpec().poolRef().name()))
            .findFirst();
    if (pool.isEmpty()) {
      warnings.add(
          "RoutingPolicy "
              + policy.getMetadata().getName()
              + " names ExpertPool "
              + policy.getSpec().poolRef().name()
              + ", which does not exist; sidecar not injected");
      return new Injection(Optional.empty(), warnings, null);
    }
    return new Injection(
        Optional.of(patch(pod, policy, pool.get())), warnings, policy.getMetadata().getName());
  }

  private ArrayNode patch(Pod pod, RoutingPolicy policy, ExpertPool pool) {
    var experts = RouterWorkloads.expertsOf(policy, pool);
    Container sidecar = workloads.container(policy, experts);
    if (nativeSidecar) {
      sidecar = new ContainerBuilder(sidecar).withRestartPolicy("Always").build();
    }
    ArrayNode ops = json.createArrayNode();
    String containerList = nativeSidecar ? "/spec/initContainers" : "/spec/containers";
    boolean listExists =
        nativeSidecar
            ? pod.getSpec().getInitContainers() != null
                && !pod.getSpec().getInitContainers().isEmpty()
            : true;
    if (!listExists) {
      ops.add(op("add", containerList, json.createArrayNode()));
    }
    // Native sidecars go first, so they are up before any later init container needs them.
    ops.add(op("add", containerList + (nativeSidecar ? "/0" : "/-"), json.valueToTree(sidecar)));

    if (pod.getSpec().getVolumes() == null || pod.getSpec().getVolumes().isEmpty()) {
      ops.add(op("add", "/spec/volumes", json.createArrayNode()));
    }
    for (Volume volume : workloads.volumes(policy, experts)) {
      ops.add(op("add", "/spec/volumes/-", json.valueToTree(volume)));
    }
    for (int i = 0; i < pod.getSpec().getContainers().size(); i++) {
      Container app = pod.getSpec().getContainers().get(i);
      boolean hasBaseUrl =
          app.getEnv() != null
              && app.getEnv().stream().anyMatch(e -> "OPENAI_BASE_URL".equals(e.getName()));
      if (hasBaseUrl) {
        continue;
      }
      String envPath = "/spec/containers/" + i + "/env";
      // Fabric8 models absent lists as empty ones, and the API server omits empty lists: create it.
      if (app.getEnv() == null || app.getEnv().isEmpty()) {
        ops.add(op("add", envPath, json.createArrayNode()));
      }
      ops.add(
          op(
              "add",
              envPath + "/-",
              json.valueToTree(
                  new EnvVar("OPENAI_BASE_URL", "http://127.0.0.1:" + port + "/v1", null))));
    }
    if (pod.getMetadata().getAnnotations() == null
        || pod.getMetadata().getAnnotations().isEmpty()) {
      ops.add(op("add", "/metadata/annotations", json.createObjectNode()));
    }
    ops.add(
        op(
            "add",
            "/metadata/annotations/" + escape(INJECTED_ANNOTATION),
            json.getNodeFactory().textNode(policy.getMetadata().getName())));
    // The label lets the operator list a policy's sidecar routers (for their metrics) without
    // scanning every pod.
    if (pod.getMetadata().getLabels() == null || pod.getMetadata().getLabels().isEmpty()) {
      ops.add(op("add", "/metadata/labels", json.createObjectNode()));
    }
    ops.add(
        op(
            "add",
            "/metadata/labels/" + escape(RouterWorkloads.POLICY_LABEL),
            json.getNodeFactory().textNode(policy.getMetadata().getName())));
    return ops;
  }

  private static boolean isSidecarPolicy(RoutingPolicy policy) {
    RouterDeployment router = policy.getSpec().router();
    return router != null
        && router.type() == RouterDeployment.Type.SIDECAR
        && router.workloadSelector() != null;
  }

  private static boolean hasSidecar(Pod pod) {
    var spec = pod.getSpec();
    return spec.getContainers().stream()
            .anyMatch(c -> RouterWorkloads.CONTAINER_NAME.equals(c.getName()))
        || (spec.getInitContainers() != null
            && spec.getInitContainers().stream()
                .anyMatch(c -> RouterWorkloads.CONTAINER_NAME.equals(c.getName())));
  }

  private ObjectNode op(String op, String path, JsonNode value) {
    ObjectNode node = json.createObjectNode();
    node.put("op", op);
    node.put("path", path);
    node.set("value", value);
    return node;
  }

  /** JSON Pointer escaping (RFC 6901): annotation keys contain '/'. */
  static String escape(String key) {
    return key.replace("~", "~0").replace("/", "~1");
  }
}
