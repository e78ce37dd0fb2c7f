package io.switchboard.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.switchboard.operator.budget.BudgetReconciler;
import io.switchboard.operator.expertpool.EngineMetrics;
import io.switchboard.operator.expertpool.ExpertPoolReconciler;
import io.switchboard.operator.routingpolicy.LearningSync;
import io.switchboard.operator.routingpolicy.RouterMetricsCollector;
import io.switchboard.operator.routingpolicy.RouterStateKeeper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Runs Java Operator SDK's {@link Operator} inside the Quarkus application (the
 * quarkus-operator-sdk extension is not used, see README). Every CDI bean implementing {@link
 * Reconciler} is registered. Beside it run the background readers the reconcilers take their
 * numbers from: router metrics, the routers' learning exchange and engine metrics. They read only
 * what a reconcile asked for, so on a replica that is not the leader they stay idle.
 */
@ApplicationScoped
public class SwitchboardOperator {

  private static final Logger LOG = Logger.getLogger(SwitchboardOperator.class);

  private final KubernetesClient client;
  private final OperatorConfig config;
  private final MeterRegistry meterRegistry;
  private final Instance<Reconciler<?>> reconcilers;
  private final RouterMetricsCollector routerMetrics;
  private final LearningSync learningSync;
  private final RouterStateKeeper stateKeeper;
  private final EngineMetrics engineMetrics;
  private volatile Operator operator;

  public SwitchboardOperator(
      KubernetesClient client,
      OperatorConfig config,
      MeterRegistry meterRegistry,
      Instance<Reconciler<?>> reconcilers,
      RouterMetricsCollector routerMetrics,
      LearningSync learningSync,
      RouterStateKeeper stateKeeper,
      EngineMetrics engineMetrics) {
    this.client = client;
    this.config = config;
    this.meterRegistry = meterRegistry;
    this.reconcilers = reconcilers;
    this.routerMetrics = routerMetrics;
    this.learningSync = learningSync;
    this.stateKeeper = stateKeeper;
    this.engineMetrics = engineMetrics;
  }

  void onStart(@Observes StartupEvent event) {
    if (!config.enabled()) {
      LOG.info("controllers disabled (switchboard.operator.enabled=false)");
      return;
    }
    Operator op =
        new Operator(
            o -> {
              o.withKubernetesClient(client)
                  .withCloseClientOnStop(false)
                  .withConcurrentReconciliationThreads(config.reconcileThreads())
                  .withUseSSAToPatchPrimaryResource(config.serverSideApply())
                  .withSSABasedCreateUpdateMatchForDependentResources(config.serverSideApply())
                  .withMetrics(
                      MicrometerMetrics.newPerResourceCollectingMicrometerMetricsBuilder(
                              meterRegistry)
                          .collectingMetricsPerResource()
                          .build());
              if (config.leaderElection().enabled()) {
                var leaderElection =
                    LeaderElectionConfigurationBuilder.aLeaderElectionConfiguration(
                            config.leaderElection().leaseName())
                        .withLeaseDuration(config.leaderElection().leaseDuration());
                config
                    .leaderElection()
                    .leaseNamespace()
                    .ifPresent(leaderElection::withLeaseNamespace);
                o.withLeaderElectionConfiguration(leaderElection.build());
              }
            });
    Optional<List<String>> namespaces = config.watchNamespaces().filter(list -> !list.isEmpty());
    for (Reconciler<?> reconciler : reconcilers) {
      op.register(
          reconciler,
          overrider -> namespaces.ifPresent(ns -> overrider.settingNamespaces(new HashSet<>(ns))));
      LOG.infof(
          "registered %s (namespaces: %s)",
          reconciler.getClass().getSimpleName(), namespaces.map(Object::toString).orElse("all"));
    }
    op.start();
    operator = op;
    routerMetrics.start(BudgetReconciler.accountingInterval(config));
    // As often as spend is read: what a replica charged since the last round is what a pod
    // replacement loses.
    stateKeeper.start(BudgetReconciler.accountingInterval(config));
    if (!config.routingSummaryInterval().isZero()) {
      learningSync.start(config.routingSummaryInterval());
    }
    engineMetrics.start(ExpertPoolReconciler.autoscalingInterval(config));
  }

  void onStop(@Observes ShutdownEvent event) {
    Operator op = operator;
    if (op != null) {
      routerMetrics.close();
      learningSync.close();
      stateKeeper.close();
      engineMetrics.close();
      op.stop();
    }
  }

  /** The running operator, empty before start or when controllers are disabled. */
  public Optional<Operator> operator() {
    return Optional.ofNullable(operator);
  }
}
