package io.switchboard.operator.routingpolicy;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Workflow;
import io.javaoperatorsdk.operator.api.reconciler.dependent.Dependent;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.switchboard.api.v1alpha1.budget.Budget;
import io.switchboard.api.v1alpha1.expertpool.Expert;
import io.switchboard.api.v1alpha1.expertpool.ExpertPool;
import io.switchboard.api.v1alpha1.expertpool.ExpertRuntime;
import io.switchboard.api.v1alpha1.expertpool.ExpertStatus;
import io.switchboard.api.v1alpha1.routingpolicy.RouterDeployment;
import io.switchboard.api.v1alpha1.routingpolicy.RoutingPolicy;
import io.switchboard.api.v1alpha1.routingpolicy.RoutingPolicyStatus;
import io.switchboard.operator.OperatorConfig;
import io.switchboard.operator.budget.BudgetCoverage;
import io.switchboard.operator.support.ChangeEventSource;
import io.switchboard.operator.support.ConditionWriter;
import io.switchboard.operator.support.EventRecorder;
import io.switchboard.operator.support.KubeNames;
import io.switchboard.operator.support.NetworkPolicies;
import io.switchboard.operator.support.StatusPatch;
import io.switchboard.router.config.RouterConfig;
import io.switchboard.router.config.RouterConfigCodec;
import io.switchboard.router.config.RouterConfigValidator;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Turns a RoutingPolicy into a running router: validates its references into the pool, renders the
 * router configuration, and hands it to the workflow: JOSDK's dependents own the ConfigMap and,
 * while {@code router.type} is gateway, the gateway Deployment + Service (create, update, delete,
 * owner references); sidecar routers are left to the injection webhook. The whole status is built
 * by {@link RoutingPolicyStatusAggregator}. A change to the referenced ExpertPool or covering
 * Budget re-renders the configuration. The live routing summary and the Degraded condition come
 * from the {@link RouterMetricsCollector}'s background readings: a change in them reconciles the
 * policy through the "router-metrics" event source, and no reconcile talks to a router.
 *
 * <p>A spec the operator cannot serve becomes {@code Valid=False} plus a Warning event and the
 * workflow is not run, so the routers keep the last valid configuration; the reconcile ends
 * normally, so a bad spec is never retried in a loop. The next change to the policy, pool or budget
 * triggers the next attempt.
 */
@ApplicationScoped
@ControllerConfiguration(name = "routingpolicy")
@Workflow(
    explicitInvocation = true,
    dependents = {
      @Dependent(name = "router-config", type = RouterConfigMapDependent.class),
      @Dependent(
          name = "gateway",
          type = GatewayDeploymentDependent.class,
          reconcilePrecondition = GatewayMode.class,
          dependsOn = "router-config"),
      @Dependent(
          name = "gateway-service",
          type = GatewayServiceDependent.class,
          reconcilePrecondition = GatewayMode.class),
      @Dependent(
          name = "gateway-management-service",
          type = GatewayManagementServiceDependent.class,
          reconcilePrecondition = GatewayMode.class),
      @Dependent(
          name = "gateway-network-policy",
          type = GatewayNetworkPolicyDependent.class,
          reconcilePrecondition = GatewayNetworkPolicyOn.class)
    })
public class RoutingPolicyReconciler implements Reconciler<RoutingPolicy> {

  private final EventRecorder events;
  private final RoutingPolicyStatusAggregator statuses;
  private final RouterConfigRenderer renderer;
  private final RouterWorkloads workloads;
  private final RouterMetricsCollector metrics;
  private final NetworkPolicies networkPolicies;
  private final java.time.Duration summaryInterval;
  private final RouterConfigCodec codec = new RouterConfigCodec();
  private final RouterConfigValidator validator = new RouterConfigValidator();
  private static final java.time.Duration MODEL_RECHECK = java.time.Duration.ofSeconds(30);

  public RoutingPolicyReconciler(
      ConditionWriter conditions,
      EventRecorder events,
      OperatorConfig config,
      ExpertEndpoints endpoints,
      RouterMetricsCollector metrics,
      RouterControlTokens controlTokens,
      NetworkPolicies networkPolicies) {
    this.networkPolicies = networkPolicies;
    this.statuses = new RoutingPolicyStatusAggregator(conditions, events);
    this.metrics = metrics;
    this.summaryInterval = config.routingSummaryInterval();
    this.events = events;
    this.renderer = new RouterConfigRenderer(endpoints, controlTokens);
    this.workloads =
        new RouterWorkloads(
            config.router().image(),
            config.router().imagePullPolicy(),
            new RouterPorts(config.router().port(), config.router().managementPort()));
  }

  @Override
  public List<EventSource<?, RoutingPolicy>> prepareEventSources(
      EventSourceContext<RoutingPolicy> context) {
    var pools =
        InformerEventSourceConfiguration.from(ExpertPool.class, RoutingPolicy.class)
            .withName("pools")
            .withSecondaryToPrimaryMapper(
                (ExpertPool pool) ->
                    context
                        .getPrimaryCache()
                        .list(pool.getMetadata().getNamespace())
                        .filter(
                            p -> p.getSpec().poolRef().name().equals(pool.getMetadata().getName()))
                        .map(ResourceID::fromResource)
                        .collect(Collectors.toSet()))
            .build();
    var budgets =
        InformerEventSourceConfiguration.from(Budget.class, RoutingPolicy.class)
            .withName("budgets")
            .withSecondaryToPrimaryMapper(
                (Budget budget) ->
                    context
                        .getPrimaryCache()
                        .list(budget.getMetadata().getNamespace())
                        .filter(p -> BudgetCoverage.covers(budget, p))
                        .map(ResourceID::fromResource)
                        .collect(Collectors.toSet()))
            .build();
    // The collector reads the routers in the background; a policy whose readings changed is
    // reconciled, and a deleted one is no longer read.
    var routerReadings =
        new ChangeEventSource<RouterReadings, RoutingPolicy>(
            RouterReadings.class, "router-metrics", metrics.changes(), Set::of, metrics::forget);
    return List.of(
        new InformerEventSource<>(pools, context),
        new InformerEventSource<>(budgets, context),
        routerReadings);
  }

  @Override
  public UpdateControl<RoutingPolicy> reconcile(
      RoutingPolicy policy, Context<RoutingPolicy> context) {
    String namespace = policy.getMetadata().getNamespace();
    metrics.track(policy);

    Optional<ExpertPool> pool =
        cached(context, ExpertPool.class, "pools", namespace)
            .filter(p -> p.getMetadata().getName().equals(policy.getSpec().poolRef().name()))
            .findFirst();
    if (pool.isEmpty()) {
      return invalid(
          policy,
          "PoolNotFound",
          "ExpertPool "
              + policy.getSpec().poolRef().name()
              + " does not exist in namespace "
              + namespace);
    }
    List<String> problems = PolicyReferences.problems(policy.getSpec(), pool.get());
    List<Budget> covering =
        cached(context, Budget.class, "budgets", namespace)
            .filter(b -> BudgetCoverage.covers(b, policy))
            .toList();
    if (policy.getSpec().budgetRef() != null
        && covering.stream()
            .noneMatch(
                b -> b.getMetadata().getName().equals(policy.getSpec().budgetRef().name()))) {
      problems.add(
          "spec.budgetRef: Budget "
              + policy.getSpec().budgetRef().name()
              + " does not exist in namespace "
              + namespace);
    }
    Optional<Budget> budget = BudgetCoverage.mostRestrictive(covering);
    if (!problems.isEmpty()) {
      return invalid(policy, "InvalidReference", String.join("; ", problems));
    }

    RouterConfig config =
        renderer.render(policy, pool.get(), budget, BudgetCoverage.strictestLatencySloMs(covering));
    List<String> configProblems = validator.validate(config);
    if (!configProblems.isEmpty()) {
      return invalid(
          policy,
          "RouterConfigRejected",
          "the router would refuse the rendered configuration: "
              + String.join("; ", configProblems));
    }
    Optional<String> modelProblem =
        ClassifierModelCheck.problem(
            context.getClient(), policy, config.policy().embedding().spec());
    if (modelProblem.isPresent()) {
      // No event reaches us when the model's ConfigMap is created or fixed: look again after a
      // while.
      return invalid(policy, "ClassifierModelInvalid", modelProblem.get())
          .rescheduleAfter(
              summaryInterval.isZero() || summaryInterval.compareTo(MODEL_RECHECK) > 0
                  ? MODEL_RECHECK
                  : summaryInterval);
    }

    String json = codec.write(config);
    String hash = KubeNames.sha256(json);
    List<Expert> experts = RouterWorkloads.expertsOf(policy, pool.get());
    boolean gateway = isGateway(policy);
    // The gateway's objects only for a gateway policy: a sidecar policy's dependents name what
    // they delete without them, and rendering a Deployment per reconcile is most of its CPU.
    RenderedRouter rendered =
        new RenderedRouter(
                workloads.configMap(policy, json, hash),
                gateway ? workloads.gateway(policy, experts) : null,
                gateway ? workloads.gatewayService(policy) : null,
                gateway ? workloads.managementService(policy) : null,
                gateway && networkPolicies.enabled()
                    ? workloads.gatewayNetworkPolicy(policy, networkPolicies)
                    : null,
                networkPolicies.enabled())
            .ownedBy(policy);
    boolean hadGateway = context.getSecondaryResource(Deployment.class).isPresent();
    rendered.putInto(context);
    context.managedWorkflowAndDependentResourceContext().reconcileManagedWorkflow();

    String previousHash = policy.getStatus() == null ? null : policy.getStatus().getConfigHash();
    if (previousHash != null && !previousHash.equals(hash)) {
      events.normal(
          policy,
          "ConfigUpdated",
          "router configuration changed (" + hash.substring(0, 12) + "); routers hot-reload it");
    }
    String enforcing = budget.map(b -> b.getMetadata().getName()).orElse(null);
    String wasEnforcing =
        policy.getStatus() == null ? null : policy.getStatus().getEnforcingBudget();
    if (enforcing != null && !enforcing.equals(wasEnforcing)) {
      events.normal(
          policy,
          "BudgetApplies",
          "routers enforce Budget "
              + enforcing
              + " ("
              + (BudgetCoverage.exceeded(budget.get()) ? "exceeded" : "within its limit")
              + "), the most restrictive of "
              + covering.size()
              + " covering Budget(s)");
    }
    if (!gateway && hadGateway) {
      events.normal(
          policy,
          "GatewayRemoved",
          "router.type is sidecar; removed gateway "
              + KubeNames.gateway(policy.getMetadata().getName()));
    }
    RoutingPolicyStatus status =
        statuses.rendered(
            policy,
            rendered.configMap().getMetadata().getName(),
            hash,
            activeExperts(pool.get(), experts),
            budget.map(b -> b.getMetadata().getName()),
            gateway ? context.getSecondaryResource(Deployment.class) : Optional.empty(),
            summaryInterval.isZero() ? null : metrics.latest(ResourceID.fromResource(policy)));
    return StatusPatch.ifChanged(policy, status);
  }

  /** The workflow is not run: the objects it owns keep the last valid configuration. */
  private UpdateControl<RoutingPolicy> invalid(
      RoutingPolicy policy, String reason, String message) {
    return StatusPatch.ifChanged(policy, statuses.invalid(policy, reason, message));
  }

  /** External experts count as active; self-hosted ones once the pool reports them ready. */
  private static List<String> activeExperts(ExpertPool pool, List<Expert> experts) {
    Set<String> ready = new HashSet<>();
    if (pool.getStatus() != null) {
      pool.getStatus().getExperts().stream()
          .filter(s -> Boolean.TRUE.equals(s.ready()))
          .map(ExpertStatus::name)
          .forEach(ready::add);
    }
    return experts.stream()
        .filter(e -> e.runtime() == ExpertRuntime.EXTERNAL || ready.contains(e.name()))
        .map(Expert::name)
        .sorted()
        .toList();
  }

  /**
   * True when the policy runs a gateway Deployment; otherwise its routers are injected sidecars.
   */
  public static boolean isGateway(RoutingPolicy policy) {
    RouterDeployment router = policy.getSpec().router();
    return router == null
        || router.type() == null
        || router.type() == RouterDeployment.Type.GATEWAY;
  }

  @SuppressWarnings("unchecked")
  private static <R extends io.fabric8.kubernetes.api.model.HasMetadata>
      java.util.stream.Stream<R> cached(
          Context<RoutingPolicy> context, Class<R> type, String name, String namespace) {
    return ((InformerEventSource<R, RoutingPolicy>)
            context.eventSourceRetriever().getEventSourceFor(type, name))
        .list(namespace);
  }
}
