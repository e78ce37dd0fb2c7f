package io.switchboard.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
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
 * Reconciler} is registered.
 */
@ApplicationScoped
public class SwitchboardOperator {

  private static final Logger LOG = Logger.getLogger(SwitchboardOperator.class);

  private final KubernetesClient client;
  private final OperatorConfig config;
  private final MeterRegistry meterRegistry;
  private final Instance<Reconciler<?>> reconcilers;
  private volatile Operator operator;

  public SwitchboardOperator(
      KubernetesClient client,
      OperatorConfig config,
      MeterRegistry meterRegistry,
      Instance<Reconciler<?>> reconcilers) {
    this.client = client;
    this.config = config;
    this.meterRegistry = meterRegistry;
    this.reconcilers = reconcilers;
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
                  .withUseSSAToPatchPrimaryResource(config.serverSideApplyStatus())
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
  }

  void onStop(@Observes ShutdownEvent event) {
    Operator op = operator;
    if (op != null) {
      op.stop();
    }
  }

  /** The running operator, empty before start or when controllers are disabled. */
  public Optional<Operator> operator() {
    return Optional.ofNullable(operator);
  }
}
