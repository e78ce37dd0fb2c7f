package io.switchboard.operator.support;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.switchboard.operator.OperatorConfig;
import io.switchboard.operator.expertpool.EngineMetrics;
import io.switchboard.operator.expertpool.SloAutoscaler;
import io.switchboard.operator.routingpolicy.LearningSync;
import io.switchboard.operator.routingpolicy.RouterControlTokens;
import io.switchboard.operator.routingpolicy.RouterMetricsCollector;
import io.switchboard.operator.routingpolicy.RouterPorts;
import io.switchboard.operator.routingpolicy.RouterStateKeeper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.time.Clock;
import java.util.List;

/** Plain objects shared by the reconcilers, built once. */
public class OperatorBeans {

  @Produces
  @ApplicationScoped
  Clock clock() {
    return Clock.systemUTC();
  }

  @Produces
  @ApplicationScoped
  ConditionWriter conditionWriter(Clock clock) {
    return new ConditionWriter(clock);
  }

  @Produces
  @ApplicationScoped
  EventRecorder eventRecorder(KubernetesClient client, Clock clock) {
    return new EventRecorder(client, clock);
  }

  /** Shared by the policy reconciler (live routing summary) and the budget reconciler (spend). */
  @Produces
  @ApplicationScoped
  RouterMetricsCollector routerMetricsCollector(
      KubernetesClient client, Clock clock, OperatorConfig config) {
    var router = config.router();
    return new RouterMetricsCollector(
        client,
        clock,
        new RouterPorts(router.port(), router.managementPort()),
        new RouterPorts(router.sidecarPort(), router.sidecarManagementPort()));
  }

  @Produces
  @ApplicationScoped
  RouterControlTokens routerControlTokens(
      OperatorConfig config, KubernetesClient client, Clock clock) {
    if (config.routerControlKeyFile().isPresent() || !config.generateRouterControlKey()) {
      return new RouterControlTokens(config.routerControlKeyFile().map(java.nio.file.Path::of));
    }
    String namespace = config.namespace().orElseGet(client::getNamespace);
    return new RouterControlTokens(
        new io.switchboard.operator.routingpolicy.GeneratedControlKey(
            client, namespace, config.routerControlKeySecret(), clock));
  }

  @Produces
  @ApplicationScoped
  LearningSync learningSync(
      RouterMetricsCollector routers, Clock clock, RouterControlTokens tokens) {
    return new LearningSync(routers, clock, tokens);
  }

  @Produces
  @ApplicationScoped
  RouterStateKeeper routerStateKeeper(
      KubernetesClient client,
      RouterMetricsCollector routers,
      RouterControlTokens tokens,
      Clock clock,
      OperatorConfig config) {
    return new RouterStateKeeper(
        client,
        routers,
        tokens,
        clock,
        config.router().stateHandoffAfter(),
        config.watchNamespaces().orElse(List.of()));
  }

  @Produces
  @ApplicationScoped
  EngineMetrics engineMetrics(KubernetesClient client) {
    return new EngineMetrics(client);
  }

  @Produces
  @ApplicationScoped
  SloAutoscaler sloAutoscaler() {
    return new SloAutoscaler();
  }
}
