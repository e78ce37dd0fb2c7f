package io.switchboard.operator.routingpolicy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.Mappers;
import io.switchboard.api.v1alpha1.budget.Budget;
import io.switchboard.api.v1alpha1.common.ConditionTypes;
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
import io.switchboard.operator.support.InformerFilters;
import io.switchboard.operator.support.KubeNames;
import io.switchboard.operator.support.ResourceApplier;
import io.switchboard.operator.support.StatusUpdater;
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
 * router configuration into a ConfigMap (content-hash annotated), and runs a gateway Deployment +
 * Service, or leaves injection to the sidecar webhook. A change to the referenced ExpertPool or
 * covering Budget re-renders the configuration. The live routing summary and the Degraded condition
 * come from the {@link RouterMetricsCollector}'s background readings: a change in them reconciles
 * the policy through the "router-metrics" event source, and no reconcile talks to a router.
 *
 * <p>A spec the operator cannot serve becomes {@code Valid=False} plus a Warning event; the
 * reconcile then ends normally, so a bad spec is never retried in a loop. The next change to the
 * policy, pool or budget triggers the next attempt.
 */
@ApplicationScoped
@ControllerConfiguration(name = "routingpolicy")
public class RoutingPolicyReconciler implements Reconciler<RoutingPolicy> {

  private final ConditionWriter conditions;
  private final EventRecorder events;
  private final ResourceApplier applier;
  private final RouterConfigRenderer renderer;
  private final RouterWorkloads workloads;
  private final StatusUpdater statusUpdater;
  private final RouterMetricsCollector metrics;
  private final java.time.Duration summaryInterval;
  private final RouterConfigCodec codec = new RouterConfigCodec();
  private final RouterConfigValidator validator = new RouterConfigValidator();
  private static final java.time.Duration MODEL_RECHECK = java.time.Duration.ofSeconds(30);

  public RoutingPolicyReconciler(
      ConditionWriter conditions,
      EventRecorder events,
      ResourceApplier applier,
      OperatorConfig config,
      ExpertEndpoints endpoints,
      StatusUpdater statusUpdater,
      RouterMetricsCollector metrics,
      RouterControlTokens controlTokens) {
    this.conditions = conditions;
    this.statusUpdater = statusUpdater;
    this.metrics = metrics;
    this.summaryInterval = config.routingSummaryInterval();
    this.events = events;
    this.applier = applier;
    this.renderer = new RouterConfigRenderer(endpoints, controlTokens);
    this.workloads =
        new RouterWorkloads(
            config.router().image(), config.router().imagePullPolicy(), config.router().port());
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
    var configMaps =
        InformerEventSourceConfiguration.from(ConfigMap.class, RoutingPolicy.class)
            .withName("configmaps")
            .withLabelSelector(RouterWorkloads.POLICY_LABEL)
            .withSecondaryToPrimaryMapper(Mappers.fromOwnerReferences(RoutingPolicy.class))
            // Each change would otherwise be reconciled twice: once for the policy, once for the
            // ConfigMap the first reconcile wrote. Deletions and others' edits still count.
            .withOnAddFilter(InformerFilters::notOurCreate)
            .withOnUpdateFilter(InformerFilters::notOurWrite)
            .build();
    var deployments =
        InformerEventSourceConfiguration.from(Deployment.class, RoutingPolicy.class)
            .withName("gateways")
            .withLabelSelector(RouterWorkloads.POLICY_LABEL)
            .withSecondaryToPrimaryMapper(Mappers.fromOwnerReferences(RoutingPolicy.class))
            .build();
    // The collector reads the routers in the background; a policy whose readings changed is
    // reconciled, and a deleted one is no longer read.
    var routerReadings =
        new ChangeEventSource<RouterReadings, RoutingPolicy>(
            RouterReadings.class, "router-metrics", metrics.changes(), Set::of, metrics::forget);
    return List.of(
        new InformerEventSource<>(pools, context),
        new InformerEventSource<>(budgets, context),
        new InformerEventSource<>(configMaps, context),
        new InformerEventSource<>(deployments, context),
        routerReadings);
  }

  @Override
  public UpdateControl<RoutingPolicy> reconcile(
      RoutingPolicy policy, Context<RoutingPolicy> context) {
    String namespace = policy.getMetadata().getNamespace();
    metrics.track(policy);
    RoutingPolicyStatus status = freshStatus(policy);
    status.setMode(policy.getSpec().mode());

    Optional<ExpertPool> pool =
        cached(context, ExpertPool.class, "pools", namespace)
            .filter(p -> p.getMetadata().getName().equals(policy.getSpec().poolRef().name()))
            .findFirst();
    if (pool.isEmpty()) {
      return invalid(
          policy,
          status,
          "PoolNotFound",
          "ExpertPool "
              + policy.getSpec().poolRef().name()
              + " does not exist in namespace "
              + namespace);
    }
    List<String> problems = PolicyReferences.problems(policy.getSpec(), pool.get());
    Optional<Budget> budget =
        cached(context, Budget.class, "budgets", namespace)
            .filter(b -> BudgetCoverage.covers(b, policy))
            .sorted((a, b) -> a.getMetadata().getName().compareTo(b.getMetadata().getName()))
            .findFirst();
    if (policy.getSpec().budgetRef() != null
        && budget
            .map(b -> !b.getMetadata().getName().equals(policy.getSpec().budgetRef().name()))
            .orElse(true)) {
      problems.add(
          "spec.budgetRef: Budget "
              + policy.getSpec().budgetRef().name()
              + " does not exist in namespace "
              + namespace);
    }
    if (!problems.isEmpty()) {
      return invalid(policy, status, "InvalidReference", String.join("; ", problems));
    }

    RouterConfig config = renderer.render(policy, pool.get(), budget);
    List<String> configProblems = validator.validate(config);
    if (!configProblems.isEmpty()) {
      return invalid(
          policy,
          status,
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
      return invalid(policy, status, "ClassifierModelInvalid", modelProblem.get())
          .rescheduleAfter(
              summaryInterval.isZero() || summaryInterval.compareTo(MODEL_RECHECK) > 0
                  ? MODEL_RECHECK
                  : summaryInterval);
    }
    String json = codec.write(config);
    String hash = KubeNames.sha256(json);
    String previousHash = policy.getStatus() == null ? null : policy.getStatus().getConfigHash();
    ConfigMap desiredConfigMap = workloads.configMap(policy, json, hash);
    ConfigMap cachedConfigMap =
        context.getSecondaryResources(ConfigMap.class).stream()
            .filter(
                cm -> cm.getMetadata().getName().equals(desiredConfigMap.getMetadata().getName()))
            .findFirst()
            .orElse(null);
    ConfigMap configMap =
        applier.apply(policy, desiredConfigMap, cachedConfigMap, (live, desired) -> {});
    status.setConfigMap(configMap.getMetadata().getName());
    status.setConfigHash(hash);
    if (previousHash != null && !previousHash.equals(hash)) {
      events.normal(
          policy,
          "ConfigUpdated",
          "router configuration changed (" + hash.substring(0, 12) + "); routers hot-reload it");
    }
    conditions.set(
        policy,
        status,
        ConditionTypes.VALID,
        true,
        "Valid",
        "references resolved; configuration rendered");

    List<Expert> experts = RouterWorkloads.expertsOf(policy, pool.get());
    status.setActiveExperts(activeExperts(pool.get(), experts));
    status.setActiveExpertCount(status.getActiveExperts().size());

    boolean gateway = isGateway(policy);
    if (gateway) {
      Deployment desiredGateway = workloads.gateway(policy, experts);
      Deployment cachedGateway =
          context.getSecondaryResources(Deployment.class).stream()
              .filter(d -> d.getMetadata().getName().equals(desiredGateway.getMetadata().getName()))
              .findFirst()
              .orElse(null);
      Deployment deployment =
          applier.apply(policy, desiredGateway, cachedGateway, (live, desired) -> {});
      applier.apply(policy, workloads.gatewayService(policy));
      int ready =
          deployment.getStatus() == null || deployment.getStatus().getReadyReplicas() == null
              ? 0
              : deployment.getStatus().getReadyReplicas();
      boolean isReady = ready > 0 && status.getActiveExpertCount() > 0;
      conditions.set(
          policy,
          status,
          ConditionTypes.READY,
          isReady,
          isReady ? "GatewayReady" : "GatewayNotReady",
          ready
              + " gateway replica(s) ready, "
              + status.getActiveExpertCount()
              + " active expert(s)");
    } else {
      deleteGatewayIfPresent(policy, context);
      boolean isReady = status.getActiveExpertCount() > 0;
      conditions.set(
          policy,
          status,
          ConditionTypes.READY,
          isReady,
          isReady ? "SidecarConfigReady" : "NoActiveExperts",
          "configuration published for injected sidecars; "
              + status.getActiveExpertCount()
              + " active expert(s)");
    }
    if (summaryInterval.isZero()) {
      return statusUpdater.update(policy, policy.getStatus(), status);
    }
    RouterReadings readings = metrics.latest(ResourceID.fromResource(policy));
    if (readings.summary() != null) {
      status.setRouting(readings.summary());
    }
    reportRefusals(policy, status, readings.replicas(), hash);
    return statusUpdater.update(policy, policy.getStatus(), status);
  }

  /**
   * Degraded while router replicas refuse the published configuration and keep serving an older one
   * (what the operator's own validation cannot see: a model file or Secret the router fails to
   * load). Routers that have not picked the new ConfigMap up yet are not counted: the kubelet takes
   * a while to sync it.
   */
  private void reportRefusals(
      RoutingPolicy policy,
      RoutingPolicyStatus status,
      List<RouterReadings.Replica> readings,
      String hash) {
    List<RouterReadings.Replica> reporting =
        readings.stream().filter(r -> r.config().activeSha256() != null).toList();
    if (reporting.isEmpty()) {
      return; // nothing known about the routers' configuration: keep what the condition says
    }
    List<RouterReadings.Replica> refusing =
        reporting.stream()
            .filter(r -> r.config().refused() && !hash.equals(r.config().activeSha256()))
            .toList();
    if (refusing.isEmpty()) {
      conditions.set(
          policy,
          status,
          ConditionTypes.DEGRADED,
          false,
          "RoutersAcceptedConfig",
          "no router replica refused configuration " + hash.substring(0, 12));
      return;
    }
    RouterReadings.Replica first = refusing.get(0);
    String message =
        refusing.size()
            + " of "
            + reporting.size()
            + " router replica(s) refused configuration "
            + hash.substring(0, 12)
            + " and still serve "
            + first.config().activeSha256().substring(0, 12)
            + "; "
            + first.address()
            + ": "
            + (first.reloadError() == null ? "see its /q/health/ready" : first.reloadError());
    warnUnlessReported(policy, ConditionTypes.DEGRADED, "True", "RouterConfigRefused", message);
    conditions.set(policy, status, ConditionTypes.DEGRADED, true, "RouterConfigRefused", message);
  }

  private UpdateControl<RoutingPolicy> invalid(
      RoutingPolicy policy, RoutingPolicyStatus status, String reason, String message) {
    warnUnlessReported(policy, ConditionTypes.VALID, "False", reason, message);
    // Keep serving the last good configuration: the ConfigMap is left as it was.
    if (policy.getStatus() != null) {
      status.setConfigMap(policy.getStatus().getConfigMap());
      status.setConfigHash(policy.getStatus().getConfigHash());
    }
    conditions.set(policy, status, ConditionTypes.VALID, false, reason, message);
    conditions.set(
        policy,
        status,
        ConditionTypes.READY,
        false,
        reason,
        status.getConfigHash() == null
            ? "nothing rendered yet"
            : "serving the last valid configuration");
    return statusUpdater.update(policy, policy.getStatus(), status);
  }

  /**
   * One Warning event per problem: none while the condition already shows this status and message.
   */
  private void warnUnlessReported(
      RoutingPolicy policy,
      String conditionType,
      String conditionStatus,
      String reason,
      String message) {
    boolean alreadyReported =
        policy.getStatus() != null
            && policy
                .getStatus()
                .condition(conditionType)
                .map(c -> conditionStatus.equals(c.getStatus()) && message.equals(c.getMessage()))
                .orElse(false);
    if (!alreadyReported) {
      events.warning(policy, reason, message);
    }
  }

  private RoutingPolicyStatus freshStatus(RoutingPolicy policy) {
    RoutingPolicyStatus status = new RoutingPolicyStatus();
    status.setObservedGeneration(policy.getMetadata().getGeneration());
    if (policy.getStatus() != null) {
      status.setConditions(policy.getStatus().getConditions());
      status.setRouting(policy.getStatus().getRouting());
    }
    return status;
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

  private void deleteGatewayIfPresent(RoutingPolicy policy, Context<RoutingPolicy> context) {
    String name = KubeNames.gateway(policy.getMetadata().getName());
    String namespace = policy.getMetadata().getNamespace();
    if (context.getSecondaryResources(Deployment.class).stream()
        .anyMatch(d -> d.getMetadata().getName().equals(name))) {
      context.getClient().apps().deployments().inNamespace(namespace).withName(name).delete();
      context.getClient().services().inNamespace(namespace).withName(name).delete();
      events.normal(policy, "GatewayRemoved", "router.type is sidecar; removed gateway " + name);
    }
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
