package io.switchboard.operator.support;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRuleBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeerBuilder;
import io.switchboard.operator.OperatorConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders the operator's NetworkPolicies. Ingress only: egress stays open (routers call external
 * APIs and peer clusters). A NetworkPolicy selects by pod labels and ports, never by HTTP path, so
 * the control endpoints under {@code /switchboard/*}, which share the OpenAI port, cannot be
 * separated from it here: on that port they rely on the per-policy control token.
 */
@ApplicationScoped
public class NetworkPolicies {

  /** Label key of the namespace name, set by Kubernetes on every namespace (1.21+). */
  static final String NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name";

  private final boolean enabled;
  private final String operatorNamespace;
  private final Map<String, String> operatorPodLabels;

  @Inject
  public NetworkPolicies(OperatorConfig config) {
    this(
        config.networkPolicies().enabled(),
        config.networkPolicies().operatorNamespace(),
        parseLabels(config.networkPolicies().operatorPodLabels()));
  }

  public NetworkPolicies(
      boolean enabled, String operatorNamespace, Map<String, String> operatorPodLabels) {
    this.enabled = enabled;
    this.operatorNamespace = operatorNamespace;
    this.operatorPodLabels = Map.copyOf(operatorPodLabels);
  }

  public boolean enabled() {
    return enabled;
  }

  /**
   * Expert pods of a pool admit ingress only from the routers of the policies naming the pool (by
   * the {@code switchboard.io/policy} label the gateway template and the injection webhook put on
   * router pods; policies live in the pool's namespace) and from the operator, which reads the
   * engines' metrics. No policy: only the operator.
   */
  public NetworkPolicy experts(
      String name,
      Map<String, String> labels,
      Map<String, String> podSelector,
      String policyLabel,
      List<String> policies) {
    List<NetworkPolicyPeer> from = new ArrayList<>();
    if (!policies.isEmpty()) {
      from.add(
          new NetworkPolicyPeerBuilder()
              .withPodSelector(
                  new LabelSelectorBuilder()
                      .addNewMatchExpression()
                      .withKey(policyLabel)
                      .withOperator("In")
                      .withValues(policies.stream().sorted().distinct().toList())
                      .endMatchExpression()
                      .build())
              .build());
    }
    from.add(operatorPeer());
    return policy(
        name,
        labels,
        podSelector,
        List.of(new NetworkPolicyIngressRuleBuilder().withFrom(from).build()));
  }

  /**
   * Gateway router pods: the OpenAI port from anywhere (clients, federation peers); every other
   * port only from the operator.
   */
  public NetworkPolicy gateway(
      String name, Map<String, String> labels, Map<String, String> podSelector, int servingPort) {
    return policy(
        name,
        labels,
        podSelector,
        List.of(
            new NetworkPolicyIngressRuleBuilder()
                .addNewPort()
                .withProtocol("TCP")
                .withPort(new IntOrString(servingPort))
                .endPort()
                .build(),
            new NetworkPolicyIngressRuleBuilder().withFrom(operatorPeer()).build()));
  }

  private NetworkPolicyPeer operatorPeer() {
    return new NetworkPolicyPeerBuilder()
        .withNamespaceSelector(
            new LabelSelectorBuilder()
                .withMatchLabels(Map.of(NAMESPACE_NAME_LABEL, operatorNamespace))
                .build())
        .withPodSelector(new LabelSelectorBuilder().withMatchLabels(operatorPodLabels).build())
        .build();
  }

  private static NetworkPolicy policy(
      String name,
      Map<String, String> labels,
      Map<String, String> podSelector,
      List<NetworkPolicyIngressRule> ingress) {
    return new NetworkPolicyBuilder()
        .withNewMetadata()
        .withName(name)
        .withLabels(labels)
        .endMetadata()
        .withNewSpec()
        .withNewPodSelector()
        .withMatchLabels(podSelector)
        .endPodSelector()
        .withPolicyTypes("Ingress")
        .withIngress(ingress)
        .endSpec()
        .build();
  }

  static Map<String, String> parseLabels(String labels) {
    Map<String, String> parsed = new LinkedHashMap<>();
    for (String pair : labels.split(",")) {
      if (pair.isBlank()) {
        continue;
      }
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException(
            "switchboard.operator.network-policies.operator-pod-labels: expected key=value, got "
                + pair.trim());
      }
      parsed.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
    }
    if (parsed.isEmpty()) {
      // An empty pod selector would admit every pod of the operator's namespace.
      throw new IllegalArgumentException(
          "switchboard.operator.network-policies.operator-pod-labels must name at least one label");
    }
    return parsed;
  }
}
