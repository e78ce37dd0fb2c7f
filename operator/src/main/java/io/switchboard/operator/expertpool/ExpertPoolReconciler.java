package io.switchboard.operator.expertpool;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v1.ScaleBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.KubernetesClientException;
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
import io.switchboard.api.v1alpha1.common.ConditionTypes;
import io.switchboard.api.v1alpha1.expertpool.AutoscalingSpec;
import io.switchboard.api.v1alpha1.expertpool.Expert;
import io.switchboard.api.v1alpha1.expertpool.ExpertPool;
import io.switchboard.api.v1alpha1.expertpool.ExpertPoolStatus;
import io.switchboard.api.v1alpha1.expertpool.ExpertRuntime;
import io.switchboard.api.v1alpha1.routingpolicy.RoutingPolicy;
import io.switchboard.operator.OperatorConfig;
import io.switchboard.operator.routingpolicy.RouterMetricsCollector;
import io.switchboard.operator.routingpolicy.RouterReadings;
import io.switchboard.operator.routingpolicy.RouterWorkloads;
import io.switchboard.operator.support.ChangeEventSource;
import io.switchboard.operator.support.ConditionWriter;
import io.switchboard.operator.support.EventRecorder;
import io.switchboard.operator.support.InformerFilters;
import io.switchboard.operator.support.KubeNames;
import io.switchboard.operator.support.NetworkPolicies;
import io.switchboard.operator.support.Owners;
import io.switchboard.operator.support.StatusPatch;
import io.switchboard.templates.InvalidWorkloadException;
import io.switchboard.templates.RenderedExpert;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Runs an ExpertPool: a Deployment, Service and PodDisruptionBudget per self-hosted expert (from
 * the gpu-expert-pods templates), nothing for external experts. The reconciler decides replicas and
 * renders; JOSDK bulk dependents ({@link ExpertObjectsDependent}) apply the objects and delete
 * those of experts dropped from the spec, and {@link ExpertPoolStatusAggregator} builds the status.
 * Owner references let Kubernetes garbage-collect everything when the pool is deleted, so no
 * finalizer is needed. The SLO autoscaler decides from the engines' metrics as {@link
 * EngineMetrics} last read them in the background, once per window it read, and sets the replicas
 * through the Deployment's {@code scale} subresource: the Deployment it applies then leaves {@code
 * spec.replicas} out ({@link ExpertWorkloads#appliedReplicas}).
 */
@ApplicationScoped
@ControllerConfiguration(name = "expertpool")
@Workflow(
    explicitInvocation = true,
    dependents = {
      @Dependent(name = "expert-deployments", type = ExpertDeploymentsDependent.class),
      @Dependent(name = "expert-services", type = ExpertServicesDependent.class),
      @Dependent(name = "expert-pdbs", type = ExpertDisruptionBudgetsDependent.class),
      @Dependent(
          name = "expert-network-policy",
          type = ExpertNetworkPolicyDependent.class,
          reconcilePrecondition = NetworkPolicyOn.class)
    })
public class ExpertPoolReconciler implements Reconciler<ExpertPool> {

  private final EventRecorder events;
  private final ExpertPoolStatusAggregator statuses;
  private final ExpertWorkloads workloads = new ExpertWorkloads();
  private final EngineMetrics engines;
  private final RouterMetricsCollector routers;
  private final SloAutoscaler autoscaler;
  private final Clock clock;
  private final Duration autoscalingInterval;
  private final NetworkPolicies networkPolicies;
  private final boolean serverSideApply;
  // The engine-metrics round each expert's last decision used: a reconcile within the same window
  // (a Deployment's status moved) keeps the replicas instead of scaling again on the same numbers.
  private final Map<String, Long> decidedOnRound = new ConcurrentHashMap<>();
  // That decision, repeated (within the range) by reconciles of the same window.
  private final Map<String, SloAutoscaler.Decision> lastDecision = new ConcurrentHashMap<>();
  // The replicas a dry run last recommended in an event, so a steady recommendation is told once.
  private final Map<String, Integer> recommended = new ConcurrentHashMap<>();
  // Deployments (by uid) whose scale this operator wrote: their replicas are never applied again,
  // even while the informer cache still shows the managed fields from before the write.
  private final Set<String> scaledThroughSubresource = ConcurrentHashMap.newKeySet();

  public ExpertPoolReconciler(
      ConditionWriter conditions,
      EventRecorder events,
      EngineMetrics engines,
      RouterMetricsCollector routers,
      SloAutoscaler autoscaler,
      Clock clock,
      OperatorConfig config,
      NetworkPolicies networkPolicies) {
    this.networkPolicies = networkPolicies;
    this.statuses = new ExpertPoolStatusAggregator(conditions);
    this.events = events;
    this.engines = engines;
    this.routers = routers;
    this.autoscaler = autoscaler;
    this.clock = clock;
    this.autoscalingInterval = autoscalingInterval(config);
    this.serverSideApply = config.serverSideApply();
  }

  /**
   * Engines are read as often as routers: the routing-summary interval (30 s), or every 30 s when
   * that is off.
   */
  public static Duration autoscalingInterval(OperatorConfig config) {
    Duration interval = config.routingSummaryInterval();
    return interval.isZero() ? Duration.ofSeconds(30) : interval;
  }

  @Override
  public List<EventSource<?, ExpertPool>> prepareEventSources(
      EventSourceContext<ExpertPool> context) {
    // Budgets with a gpuCap and the policies they cover decide how many GPUs this pool may
    // autoscale to.
    var budgets =
        InformerEventSourceConfiguration.from(Budget.class, ExpertPool.class)
            .withName("budgets")
            .withSecondaryToPrimaryMapper(
                (Budget budget) ->
                    context
                        .getPrimaryCache()
                        .list(budget.getMetadata().getNamespace())
                        .map(ResourceID::fromResource)
                        .collect(Collectors.toSet()))
            .build();
    var policies =
        InformerEventSourceConfiguration.from(RoutingPolicy.class, ExpertPool.class)
            .withName("policies")
            .withOnUpdateFilter(InformerFilters::specOrLabelsChanged)
            .withSecondaryToPrimaryMapper(
                (RoutingPolicy policy) ->
                    policy.getSpec() == null || policy.getSpec().poolRef() == null
                        ? Set.<ResourceID>of()
                        : Set.of(
                            new ResourceID(
                                policy.getSpec().poolRef().name(),
                                policy.getMetadata().getNamespace())))
            .build();
    var engineReadings =
        new ChangeEventSource<EngineMetrics.Latest, ExpertPool>(
            EngineMetrics.Latest.class,
            "engine-metrics",
            engines.changes(),
            Set::of,
            engines::forgetPool);
    return List.of(
        new InformerEventSource<>(budgets, context),
        new InformerEventSource<>(policies, context),
        engineReadings,
        // The routers' per-expert requests over their last window give the pool's load spread.
        new ChangeEventSource<RouterReadings, ExpertPool>(
            RouterReadings.class,
            "router-metrics",
            routers.changes(),
            policy ->
                routers
                    .policy(policy)
                    .filter(p -> p.getSpec() != null && p.getSpec().poolRef() != null)
                    .map(
                        p ->
                            Set.of(
                                new ResourceID(
                                    p.getSpec().poolRef().name(), p.getMetadata().getNamespace())))
                    .orElse(Set.of()),
            pool -> {}));
  }

  /** Scaling decisions of this pool's autoscaled experts, trimmed to the GPUs its Budgets allow. */
  private Map<String, Scaling> autoscaleAll(
      ExpertPool pool, Map<String, Deployment> live, Context<ExpertPool> context) {
    Map<String, Scaling> scalings = new HashMap<>();
    List<GpuCap.Want> wants = new ArrayList<>();
    String ns = pool.getMetadata().getNamespace();
    // Read once per reconcile: every expert's Budget latency pressure and the GPU cap use them.
    List<Budget> budgets = budgets(context, ns);
    List<RoutingPolicy> policies = policies(context, ns);
    engines.watch(
        ResourceID.fromResource(pool),
        pool.getSpec().experts().stream()
            .filter(e -> e.runtime() != ExpertRuntime.EXTERNAL && autoscaled(e))
            .map(e -> KubeNames.expertWorkload(pool.getMetadata().getName(), e.name()))
            .collect(Collectors.toSet()));
    for (Expert expert : pool.getSpec().experts()) {
      if (expert.runtime() == ExpertRuntime.EXTERNAL) {
        continue;
      }
      String workloadName = KubeNames.expertWorkload(pool.getMetadata().getName(), expert.name());
      Deployment current = live.get(workloadName);
      if (current == null || current.getSpec() == null) {
        continue;
      }
      Integer currentReplicas = current.getSpec().getReplicas();
      int now = currentReplicas == null ? 1 : currentReplicas;
      int min = ExpertWorkloads.minReplicas(expert);
      Optional<Scaling> scaling =
          autoscale(
              pool,
              expert,
              workloadName,
              currentReplicas,
              budgetLatency(pool, expert, policies, budgets));
      scaling.ifPresent(sc -> scalings.put(expert.name(), sc));
      wants.add(
          new GpuCap.Want(
              expert, now, min, scaling.map(sc -> sc.decision().replicas()).orElse(now)));
    }
    if (scalings.isEmpty()) {
      return scalings;
    }
    Optional<GpuCap.Allowance> allowance =
        GpuCap.allowance(pool, budgets, policies, context.getPrimaryCache().list(ns).toList());
    if (allowance.isEmpty()) {
      return scalings;
    }
    Map<String, Integer> fitted = GpuCap.fit(wants, allowance.get().gpus());
    for (var entry : scalings.entrySet()) {
      int wanted = entry.getValue().decision().replicas();
      int allowed = fitted.getOrDefault(entry.getKey(), wanted);
      if (allowed < wanted) {
        String held =
            entry.getKey()
                + " held at "
                + allowed
                + " replicas (the autoscaler wanted "
                + wanted
                + ") by Budget "
                + allowance.get().budget()
                + " (gpuCap "
                + allowance.get().cap()
                + " GPUs)";
        entry.setValue(
            new Scaling(
                entry.getValue().seen(),
                new SloAutoscaler.Decision(
                    allowed, entry.getValue().decision().reason() + "; " + held)));
        events.normal(pool, "GpuCapReached", held); // repeated holds bump one event's count
      }
    }
    return scalings;
  }

  @Override
  public UpdateControl<ExpertPool> reconcile(ExpertPool pool, Context<ExpertPool> context) {
    Map<String, Deployment> live = liveDeployments(context);
    Map<String, Scaling> scalings = autoscaleAll(pool, live, context);
    Map<String, RenderedExpert.SelfHosted> rendered = new HashMap<>();
    Map<String, String> failures = new LinkedHashMap<>();
    Set<String> inSpec = new HashSet<>();
    for (Expert expert : pool.getSpec().experts()) {
      if (expert.runtime() == ExpertRuntime.EXTERNAL) {
        continue;
      }
      String workloadName = KubeNames.expertWorkload(pool.getMetadata().getName(), expert.name());
      inSpec.add(workloadName);
      Deployment current = live.get(workloadName);
      Integer currentReplicas =
          current == null || current.getSpec() == null ? null : current.getSpec().getReplicas();
      Integer replicas =
          ExpertWorkloads.appliedReplicas(
              expert, acts(expert), currentReplicas, appliesReplicas(current, context));
      try {
        rendered.put(
            workloadName, (RenderedExpert.SelfHosted) workloads.render(pool, expert, replicas));
        if (current == null) {
          events.normal(
              pool,
              "ExpertCreated",
              "created Deployment and Service "
                  + workloadName
                  + " for "
                  + expert.name()
                  + " ("
                  + expert.runtime().name().toLowerCase()
                  + ", "
                  + expert.model()
                  + ")");
        }
      } catch (InvalidWorkloadException e) {
        failures.put(expert.name(), e.getMessage());
      }
    }
    for (String name : live.keySet()) {
      if (!inSpec.contains(name)) {
        events.normal(
            pool, "ExpertRemoved", "deleted Deployment, Service and PodDisruptionBudget " + name);
      }
    }
    new RenderedExperts(rendered, inSpec, networkPolicy(pool, context), networkPolicies.enabled())
        .putInto(context);
    context.managedWorkflowAndDependentResourceContext().reconcileManagedWorkflow();
    scaleThroughSubresource(pool, live, scalings, failures, context);

    Map<String, SloAutoscaler.Observation> observed = new HashMap<>();
    scalings.forEach((expert, sc) -> observed.put(expert, sc.seen()));
    ExpertPoolStatus status =
        statuses.aggregate(
            pool,
            liveDeployments(context),
            rendered,
            failures,
            observed,
            reported(pool, live, scalings));
    status.setLoadGini(loadGini(pool, context).orElse(status.getLoadGini()));
    if (!failures.isEmpty()
        && (pool.getStatus() == null
            || !pool.getStatus()
                .condition(ConditionTypes.DEGRADED)
                .map(
                    c ->
                        String.join("; ", ExpertPoolStatusAggregator.failureList(failures))
                            .equals(c.getMessage()))
                .orElse(false))) {
      events.warning(
          pool,
          "InvalidExpert",
          String.join("; ", ExpertPoolStatusAggregator.failureList(failures)));
    }
    UpdateControl<ExpertPool> update = StatusPatch.ifChanged(pool, status);
    // The stabilization window moves on without any event: decide again after an interval (a
    // changed engine observation reconciles sooner, through the engine-metrics event source).
    return scalings.isEmpty() ? update : update.rescheduleAfter(autoscalingInterval);
  }

  /**
   * The Gini coefficient of the pool's per-expert requests in the last router window, summed over
   * the policies routing to it; empty (the last value stays) while no router has been read.
   */
  private Optional<Double> loadGini(ExpertPool pool, Context<ExpertPool> context) {
    Map<String, Long> requests = new HashMap<>();
    boolean read = false;
    for (RoutingPolicy policy :
        policies(context, pool.getMetadata().getNamespace()).stream()
            .filter(
                p ->
                    p.getSpec() != null
                        && p.getSpec().poolRef() != null
                        && pool.getMetadata().getName().equals(p.getSpec().poolRef().name()))
            .toList()) {
      var summary = routers.latest(ResourceID.fromResource(policy)).summary();
      if (summary != null && summary.decisions() != null) {
        read = true;
        summary.decisions().forEach((expert, n) -> requests.merge(expert, n, Long::sum));
      }
    }
    if (!read) {
      return Optional.empty();
    }
    Double gini =
        LoadGini.of(pool.getSpec().experts().stream().map(Expert::name).toList(), requests);
    return gini == null ? Optional.empty() : Optional.of(gini);
  }

  /**
   * Admits the routers of every policy naming this pool (from the policies informer, which
   * reconciles the pool when one is added, removed or repointed) and the operator.
   */
  private NetworkPolicy networkPolicy(ExpertPool pool, Context<ExpertPool> context) {
    String name = pool.getMetadata().getName();
    List<String> policies =
        policies(context, pool.getMetadata().getNamespace()).stream()
            .filter(p -> p.getSpec() != null && p.getSpec().poolRef() != null)
            .filter(p -> name.equals(p.getSpec().poolRef().name()))
            .map(p -> p.getMetadata().getName())
            .toList();
    NetworkPolicy policy =
        networkPolicies.experts(
            KubeNames.expertsNetworkPolicy(name),
            Map.of(ExpertWorkloads.POOL_LABEL, name),
            Map.of(ExpertWorkloads.POOL_LABEL, name),
            RouterWorkloads.POLICY_LABEL,
            policies);
    policy.getMetadata().setNamespace(pool.getMetadata().getNamespace());
    Owners.controlledBy(policy, pool);
    return policy;
  }

  /** The Budgets of {@code namespace}, from the budgets informer. */
  @SuppressWarnings("unchecked")
  private static List<Budget> budgets(Context<ExpertPool> context, String namespace) {
    return ((InformerEventSource<Budget, ExpertPool>)
            context.eventSourceRetriever().getEventSourceFor(Budget.class, "budgets"))
        .list(namespace)
        .toList();
  }

  /** The RoutingPolicies of {@code namespace}, from the policies informer. */
  @SuppressWarnings("unchecked")
  private static List<RoutingPolicy> policies(Context<ExpertPool> context, String namespace) {
    return ((InformerEventSource<RoutingPolicy, ExpertPool>)
            context.eventSourceRetriever().getEventSourceFor(RoutingPolicy.class, "policies"))
        .list(namespace)
        .toList();
  }

  private static Map<String, Deployment> liveDeployments(Context<ExpertPool> context) {
    return context.getSecondaryResources(Deployment.class).stream()
        .collect(Collectors.toMap(d -> d.getMetadata().getName(), d -> d, (a, b) -> a));
  }

  private record Scaling(SloAutoscaler.Observation seen, SloAutoscaler.Decision decision) {}

  /** The Budget latency target the expert's policies are furthest from, from their last window. */
  private Optional<BudgetLatency.Pressure> budgetLatency(
      ExpertPool pool, Expert expert, List<RoutingPolicy> policies, List<Budget> budgets) {
    return BudgetLatency.on(
        pool.getMetadata().getName(),
        expert.name(),
        policies,
        budgets,
        policy -> routers.latest(ResourceID.fromResource(policy)).summary());
  }

  /**
   * The SLO autoscaler's replicas for an expert that asks for it, from its engines' metrics and the
   * latency target of the Budgets over the policies routing to it.
   */
  private Optional<Scaling> autoscale(
      ExpertPool pool,
      Expert expert,
      String workloadName,
      Integer currentReplicas,
      Optional<BudgetLatency.Pressure> budgetLatency) {
    AutoscalingSpec slo = expert.autoscaling();
    if (!autoscaled(expert)) {
      return Optional.empty();
    }
    int min = ExpertWorkloads.minReplicas(expert);
    int max = ExpertWorkloads.maxReplicas(expert);
    int current = currentReplicas == null ? Math.max(1, min) : currentReplicas;
    String namespace = pool.getMetadata().getNamespace();
    String key = namespace + "/" + workloadName;
    Optional<EngineMetrics.Latest> latest = engines.latest(namespace, workloadName);
    SloAutoscaler.Observation seen =
        latest
            .map(EngineMetrics.Latest::observation)
            .orElse(new SloAutoscaler.Observation(null, null, null, null));
    SloAutoscaler.Decision last = lastDecision.get(key);
    if (latest.isPresent()
        && last != null
        && Long.valueOf(latest.get().round()).equals(decidedOnRound.get(key))) {
      int replicas = Math.max(Math.max(1, min), Math.min(Math.max(1, max), last.replicas()));
      return Optional.of(new Scaling(seen, new SloAutoscaler.Decision(replicas, last.reason())));
    }
    SloAutoscaler.Decision decision =
        autoscaler.decide(key, slo, current, min, max, seen, budgetLatency, Instant.now(clock));
    latest.ifPresent(
        l -> {
          decidedOnRound.put(key, l.round());
          lastDecision.put(key, decision);
        });
    return Optional.of(new Scaling(seen, decision));
  }

  /** Whether the SLO autoscaler decides for the expert: an autoscaling block not disabled. */
  static boolean autoscaled(Expert expert) {
    return expert.autoscaling() != null && !Boolean.FALSE.equals(expert.autoscaling().enabled());
  }

  /** Whether the SLO autoscaler also sets the expert's replicas: autoscaled, not a dry run. */
  static boolean acts(Expert expert) {
    return autoscaled(expert) && !Boolean.TRUE.equals(expert.autoscaling().dryRun());
  }

  /**
   * Each autoscaled expert's decision as status shows it. A dry run's reason says that the replicas
   * stay, and a new recommendation that differs from them is a {@code ScaleRecommended} event.
   */
  private Map<String, SloAutoscaler.Decision> reported(
      ExpertPool pool, Map<String, Deployment> live, Map<String, Scaling> scalings) {
    Map<String, SloAutoscaler.Decision> out = new HashMap<>();
    for (Expert expert : pool.getSpec().experts()) {
      Scaling scaling = scalings.get(expert.name());
      if (scaling == null) {
        continue;
      }
      SloAutoscaler.Decision decision = scaling.decision();
      if (acts(expert)) {
        out.put(expert.name(), decision);
        continue;
      }
      String workloadName = KubeNames.expertWorkload(pool.getMetadata().getName(), expert.name());
      Deployment current = live.get(workloadName);
      Integer now = current == null ? null : current.getSpec().getReplicas();
      String key = pool.getMetadata().getNamespace() + "/" + workloadName;
      out.put(
          expert.name(),
          new SloAutoscaler.Decision(
              decision.replicas(), "dry run, replicas stay at " + now + ": " + decision.reason()));
      if (now == null || now == decision.replicas()) {
        recommended.remove(key);
      } else if (!Integer.valueOf(decision.replicas())
          .equals(recommended.put(key, decision.replicas()))) {
        events.normal(
            pool,
            "ScaleRecommended",
            expert.name()
                + ": dry run, would scale "
                + now
                + " -> "
                + decision.replicas()
                + " replicas; "
                + decision.reason());
      }
    }
    return out;
  }

  /**
   * Sets each autoscaled expert's decided replicas through its Deployment's {@code scale}
   * subresource, after the workflow applied the Deployment without them: the rest of the Deployment
   * (and a user's edits of fields the operator does not apply) stays as it is. A failed call is a
   * Warning event and is retried at the next decision.
   */
  private void scaleThroughSubresource(
      ExpertPool pool,
      Map<String, Deployment> live,
      Map<String, Scaling> scalings,
      Map<String, String> failures,
      Context<ExpertPool> context) {
    String ns = pool.getMetadata().getNamespace();
    for (Expert expert : pool.getSpec().experts()) {
      Scaling scaling = scalings.get(expert.name());
      if (scaling == null || !acts(expert) || failures.containsKey(expert.name())) {
        continue;
      }
      String workloadName = KubeNames.expertWorkload(pool.getMetadata().getName(), expert.name());
      Deployment current = live.get(workloadName);
      Integer before = current == null ? null : current.getSpec().getReplicas();
      int wanted = scaling.decision().replicas();
      if (current == null || Integer.valueOf(wanted).equals(before)) {
        continue;
      }
      try {
        context
            .getClient()
            .apps()
            .deployments()
            .inNamespace(ns)
            .withName(workloadName)
            .scale(
                new ScaleBuilder()
                    .withNewMetadata()
                    .withName(workloadName)
                    .withNamespace(ns)
                    .endMetadata()
                    .withNewSpec()
                    .withReplicas(wanted)
                    .endSpec()
                    .build());
        scaledThroughSubresource.add(current.getMetadata().getUid());
        announce(pool, expert, before, scaling.decision());
      } catch (KubernetesClientException e) {
        events.warning(
            pool,
            "ScaleFailed",
            expert.name()
                + ": scaling "
                + workloadName
                + " to "
                + wanted
                + " replicas failed ("
                + e.getCode()
                + "); retried at the next decision");
        decidedOnRound.remove(ns + "/" + workloadName);
      }
    }
  }

  /**
   * Whether this operator's server-side apply owns the Deployment's {@code spec.replicas} (its
   * managed fields say so); never without server-side apply, whose updates own no field.
   */
  private boolean appliesReplicas(Deployment current, Context<ExpertPool> context) {
    return serverSideApply
        && current != null
        && !scaledThroughSubresource.contains(current.getMetadata().getUid())
        && appliesReplicas(current, context.getControllerConfiguration().fieldManager());
  }

  /** Whether {@code manager}'s apply (not a subresource write) owns {@code spec.replicas}. */
  static boolean appliesReplicas(Deployment current, String manager) {
    if (current.getMetadata().getManagedFields() == null) {
      return false;
    }
    return current.getMetadata().getManagedFields().stream()
        .filter(f -> manager.equals(f.getManager()) && "Apply".equals(f.getOperation()))
        .filter(f -> f.getSubresource() == null || f.getSubresource().isEmpty())
        .map(f -> f.getFieldsV1() == null ? null : f.getFieldsV1().getAdditionalProperties())
        .anyMatch(
            fields ->
                fields != null
                    && fields.get("f:spec") instanceof Map<?, ?> spec
                    && spec.containsKey("f:replicas"));
  }

  private void announce(
      ExpertPool pool, Expert expert, Integer before, SloAutoscaler.Decision decision) {
    if (before == null || before == decision.replicas()) {
      return;
    }
    boolean up = decision.replicas() > before;
    events.normal(
        pool,
        up ? "ScaledUp" : "ScaledDown",
        expert.name()
            + ": "
            + before
            + " -> "
            + decision.replicas()
            + " replicas; "
            + decision.reason());
  }
}
