package io.switchboard.operator.budget;

import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.switchboard.api.v1alpha1.budget.Budget;
import io.switchboard.api.v1alpha1.budget.BudgetStatus;
import io.switchboard.api.v1alpha1.common.ConditionTypes;
import io.switchboard.api.v1alpha1.routingpolicy.RoutingPolicy;
import io.switchboard.api.v1alpha1.routingpolicy.RoutingPolicyStatus.RoutingSummary;
import io.switchboard.operator.OperatorConfig;
import io.switchboard.operator.routingpolicy.RouterMetricsCollector;
import io.switchboard.operator.routingpolicy.RouterReadings;
import io.switchboard.operator.support.ChangeEventSource;
import io.switchboard.operator.support.ConditionWriter;
import io.switchboard.operator.support.EventRecorder;
import io.switchboard.operator.support.InformerFilters;
import io.switchboard.operator.support.StatusPatch;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Keeps a Budget's status: the current period, the policies it covers, spend against limits and the
 * enforcement level routers apply. Spend comes from the covered policies' routers (their cumulative
 * cost and token counters, as the {@link RouterMetricsCollector} last read them in the background;
 * a change in those readings reconciles the covering budgets) and is added through per-router
 * watermarks kept in status ({@link SpendAccounting}). Spend already in status survives restarts
 * (the API server is the durable store); it resets when a new period starts. With {@code slo}, the
 * same readings' last window (p95 latency, mean quality grade) decide the SloMet condition.
 */
@ApplicationScoped
@ControllerConfiguration(name = "budget")
public class BudgetReconciler implements Reconciler<Budget> {

  /** Re-evaluate at least this often: periods roll over and burn rates move without any event. */
  static final Duration RESYNC = Duration.ofSeconds(60);

  /** A router gone this long (scaled down, pod deleted) loses its watermark. */
  static final Duration FORGET_ROUTERS_AFTER = Duration.ofHours(1);

  private final Clock clock;
  private final BudgetStatusAggregator statuses;
  private final EventRecorder events;
  private final RouterMetricsCollector routers;

  public BudgetReconciler(
      Clock clock,
      ConditionWriter conditions,
      EventRecorder events,
      RouterMetricsCollector routers) {
    this.clock = clock;
    this.statuses = new BudgetStatusAggregator(conditions);
    this.events = events;
    this.routers = routers;
  }

  /**
   * How often the routers are read for spend: spend can overshoot a limit by what routers record in
   * one interval, so as often as the live summary, and at least every {@link #RESYNC}.
   */
  public static Duration accountingInterval(OperatorConfig config) {
    Duration interval = config.routingSummaryInterval();
    return interval.isZero() || interval.compareTo(RESYNC) > 0 ? RESYNC : interval;
  }

  @Override
  public List<EventSource<?, Budget>> prepareEventSources(EventSourceContext<Budget> context) {
    // A policy change can add or remove it from a budget's coverage (budgetRef or labels).
    var policies =
        InformerEventSourceConfiguration.from(RoutingPolicy.class, Budget.class)
            .withOnUpdateFilter(InformerFilters::specOrLabelsChanged)
            .withSecondaryToPrimaryMapper(
                (RoutingPolicy policy) ->
                    context
                        .getPrimaryCache()
                        .list(policy.getMetadata().getNamespace())
                        .filter(budget -> BudgetCoverage.covers(budget, policy))
                        .map(ResourceID::fromResource)
                        .collect(Collectors.toSet()))
            .build();
    // New router readings of a covered policy: new spend to account.
    var routerReadings =
        new ChangeEventSource<RouterReadings, Budget>(
            RouterReadings.class,
            "router-metrics",
            routers.changes(),
            policy ->
                routers
                    .policy(policy)
                    .map(
                        p ->
                            context
                                .getPrimaryCache()
                                .list(policy.getNamespace().orElse(null))
                                .filter(budget -> BudgetCoverage.covers(budget, p))
                                .map(ResourceID::fromResource)
                                .collect(Collectors.toSet()))
                    .orElse(Set.of()),
            budget -> {});
    return List.of(new InformerEventSource<>(policies, context), routerReadings);
  }

  @Override
  public UpdateControl<Budget> reconcile(Budget budget, Context<Budget> context) {
    Instant now = Instant.now(clock);
    BudgetStatus previous = budget.getStatus() == null ? new BudgetStatus() : budget.getStatus();
    Instant periodStart = BudgetPeriods.start(budget.getSpec().period(), now);

    boolean newPeriod =
        previous.getPeriodStart() == null
            || !previous.getPeriodStart().equals(periodStart.toString());

    // Listed from the informer cache rather than the secondary index: a budget created after its
    // policies must see them at once, before any policy event arrives.
    @SuppressWarnings("unchecked")
    var policyCache =
        (InformerEventSource<RoutingPolicy, Budget>)
            context.eventSourceRetriever().getEventSourceFor(RoutingPolicy.class);
    List<RoutingPolicy> covered =
        policyCache
            .list(budget.getMetadata().getNamespace())
            .filter(policy -> BudgetCoverage.covers(budget, policy))
            .sorted(Comparator.comparing(p -> p.getMetadata().getName()))
            .toList();

    Map<String, RouterReadings.Replica> replicas = new TreeMap<>();
    Map<String, RoutingSummary> summaries = new TreeMap<>();
    for (RoutingPolicy policy : covered) {
      RouterReadings readings = routers.latest(ResourceID.fromResource(policy));
      for (var reading : readings.replicas()) {
        replicas.put(policy.getMetadata().getName() + "@" + reading.address(), reading);
      }
      if (readings.summary() != null) {
        summaries.put(policy.getMetadata().getName(), readings.summary());
      }
    }
    BudgetStatus status =
        statuses.aggregate(budget, covered, replicas, summaries, periodStart, now);

    if (status.isTrue(ConditionTypes.EXCEEDED) && !previous.isTrue(ConditionTypes.EXCEEDED)) {
      events.warning(
          budget,
          "BudgetExceeded",
          status.condition(ConditionTypes.EXCEEDED).orElseThrow().getMessage());
    }
    var slo = status.condition(ConditionTypes.SLO_MET);
    if (slo.isPresent()
        && "False".equals(slo.get().getStatus())
        && !previous
            .condition(ConditionTypes.SLO_MET)
            .map(c -> "False".equals(c.getStatus()))
            .orElse(false)) {
      events.warning(budget, "SloBreached", slo.get().getMessage());
    }
    if (newPeriod && previous.getPeriodStart() != null) {
      events.normal(
          budget,
          "PeriodStarted",
          "new " + budget.getSpec().period().name().toLowerCase() + " period from " + periodStart);
    }

    return StatusPatch.ifChanged(budget, status).rescheduleAfter(RESYNC);
  }
}
