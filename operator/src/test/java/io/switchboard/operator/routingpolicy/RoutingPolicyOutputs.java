package io.switchboard.operator.routingpolicy;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.switchboard.api.v1alpha1.budget.Budget;
import io.switchboard.api.v1alpha1.expertpool.ExpertPool;
import io.switchboard.api.v1alpha1.routingpolicy.RoutingMode;
import io.switchboard.api.v1alpha1.routingpolicy.RoutingPolicy;
import io.switchboard.api.v1alpha1.routingpolicy.RoutingPolicyStatus.ShadowSummary;
import io.switchboard.operator.budget.BudgetCoverage;
import io.switchboard.operator.support.NetworkPolicies;
import io.switchboard.operator.webhook.SidecarInjector;
import io.switchboard.router.config.InvalidRouterConfigException;
import io.switchboard.router.config.RouterConfig;
import io.switchboard.router.config.RouterConfigCodec;
import io.switchboard.router.config.RouterConfigValidator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the RoutingPolicy reconciler, the injection webhook and the background loops produce for a
 * policy, from their pure parts, for the field-coverage test. {@link #render} follows the
 * reconciler step by step (pool lookup, reference checks, covering Budget, rendering, the router's
 * own validation) and fails on a policy the operator would refuse, so a mutation cannot pass by
 * making a policy invalid.
 */
public final class RoutingPolicyOutputs {

  private static final int PORT = 8080;
  private static final RouterWorkloads WORKLOADS =
      new RouterWorkloads(
          "ghcr.io/switchboard/router:test", "IfNotPresent", new RouterPorts(PORT, 9000));
  private static final NetworkPolicies NETWORK_POLICIES =
      new NetworkPolicies(true, "switchboard-system", Map.of("app", "switchboard-operator"));

  /** The application pod the webhook is asked about: labels a sidecar policy may select. */
  private static final Pod POD =
      new PodBuilder()
          .withNewMetadata()
          .withName("frontend-0")
          .withLabels(Map.of("app", "assistant-frontend", "tier", "web"))
          .endMetadata()
          .withNewSpec()
          .addNewContainer()
          .withName("app")
          .withImage("frontend:1")
          .endContainer()
          .endSpec()
          .build();

  private RoutingPolicyOutputs() {}

  /** The rendered router configuration and its JSON as the ConfigMap carries it. */
  public record Rendered(RouterConfig config, String json) {}

  /**
   * The router configuration the reconciler publishes for {@code policy}; throws with the problems
   * where it would set {@code Valid=False} instead.
   */
  public static Rendered render(
      RoutingPolicy policy, List<ExpertPool> pools, List<Budget> budgets) {
    String ns = policy.getMetadata().getNamespace();
    ExpertPool pool =
        pools.stream()
            .filter(p -> ns.equals(p.getMetadata().getNamespace()))
            .filter(p -> p.getMetadata().getName().equals(policy.getSpec().poolRef().name()))
            .findFirst()
            .orElseThrow(() -> new IllegalArgumentException("PoolNotFound"));
    List<String> problems = new ArrayList<>(PolicyReferences.problems(policy.getSpec(), pool));
    List<Budget> covering = budgets.stream().filter(b -> BudgetCoverage.covers(b, policy)).toList();
    if (policy.getSpec().budgetRef() != null
        && covering.stream()
            .noneMatch(
                b -> b.getMetadata().getName().equals(policy.getSpec().budgetRef().name()))) {
      problems.add("spec.budgetRef: no such Budget");
    }
    RouterConfig config =
        new RouterConfigRenderer(ExpertEndpoints.clusterServices())
            .render(policy, pool, BudgetCoverage.mostRestrictive(covering));
    problems.addAll(new RouterConfigValidator().validate(config));
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", problems));
    }
    RouterConfigCodec codec = new RouterConfigCodec();
    String json = codec.write(config);
    try {
      // The router's half: it reads back every field the operator wrote.
      RouterConfig parsed = codec.parse(json);
      if (!parsed.equals(config)) {
        throw new IllegalStateException(
            "the router reads a different configuration than the operator wrote:\n"
                + json
                + "\n"
                + codec.write(parsed));
      }
    } catch (InvalidRouterConfigException e) {
      throw new IllegalStateException("the router refuses the rendered configuration", e);
    }
    return new Rendered(config, json);
  }

  /** The gateway Deployment, Services and NetworkPolicy while the policy runs a gateway. */
  public static Map<String, Object> gateway(RoutingPolicy policy, List<ExpertPool> pools) {
    Map<String, Object> out = new LinkedHashMap<>();
    if (!RoutingPolicyReconciler.isGateway(policy)) {
      return out;
    }
    var experts = RouterWorkloads.expertsOf(policy, poolOf(policy, pools));
    out.put("deployment", WORKLOADS.gateway(policy, experts));
    out.put("service", WORKLOADS.gatewayService(policy));
    out.put("managementService", WORKLOADS.managementService(policy));
    out.put("networkPolicy", WORKLOADS.gatewayNetworkPolicy(policy, NETWORK_POLICIES));
    return out;
  }

  /** What the webhook does to a pod labelled {@code app=assistant-frontend, tier=web}. */
  public static Map<String, Object> sidecar(RoutingPolicy policy, List<ExpertPool> pools) {
    var injection = new SidecarInjector(WORKLOADS, PORT, true).inject(POD, List.of(policy), pools);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("policy", injection.policy());
    out.put("patch", injection.patch().orElse(null));
    out.put("warnings", injection.warnings());
    return out;
  }

  /**
   * The {@code ShadowBetter} verdict on fixed figures: 250 graded samples, the shadow half as
   * expensive at equal quality.
   */
  public static Optional<String> shadowVerdict(RoutingPolicy policy) {
    var shadow = policy.getSpec().shadow();
    if (shadow == null) {
      return Optional.empty();
    }
    var summary =
        new ShadowSummary(shadow.mode(), 300L, 0.5, 2.0, 1.0, 0L, 250L, 500L, 0.8, 0.8, 0.0, 0L);
    var verdict = ShadowAssessment.verdict(shadow, summary);
    return Optional.of(verdict.better() + " " + verdict.reason());
  }

  /** How often the operator exchanges a bandit policy's learned state among its replicas. */
  public static Optional<Duration> learningSyncInterval(RoutingPolicy policy) {
    return policy.getSpec().mode() == RoutingMode.BANDIT
        ? Optional.of(LearningSync.interval(policy))
        : Optional.empty();
  }

  private static ExpertPool poolOf(RoutingPolicy policy, List<ExpertPool> pools) {
    return pools.stream()
        .filter(p -> p.getMetadata().getNamespace().equals(policy.getMetadata().getNamespace()))
        .filter(p -> p.getMetadata().getName().equals(policy.getSpec().poolRef().name()))
        .findFirst()
        .orElseThrow();
  }
}
