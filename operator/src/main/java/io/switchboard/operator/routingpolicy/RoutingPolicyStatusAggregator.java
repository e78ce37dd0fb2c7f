package io.switchboard.operator.routingpolicy;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.switchboard.api.v1alpha1.common.ConditionTypes;
import io.switchboard.api.v1alpha1.routingpolicy.RoutingPolicy;
import io.switchboard.api.v1alpha1.routingpolicy.RoutingPolicyStatus;
import io.switchboard.operator.support.ConditionWriter;
import io.switchboard.operator.support.EventRecorder;
import java.util.List;
import java.util.Optional;

/**
 * Builds a RoutingPolicy's whole status (conditions, observedGeneration and the printer-column
 * fields) from what one reconcile found: the spec refused, or the configuration rendered and the
 * workflow's gateway as it now stands, plus the routers' latest readings. One place decides every
 * status field, so no reconcile step can leave a field half-updated.
 */
final class RoutingPolicyStatusAggregator {

  private final ConditionWriter conditions;
  private final EventRecorder events;
  private final ShadowAssessment shadows;
  private final QualityTargetAssessment qualityTargets;

  RoutingPolicyStatusAggregator(ConditionWriter conditions, EventRecorder events) {
    this.conditions = conditions;
    this.events = events;
    this.shadows = new ShadowAssessment(conditions);
    this.qualityTargets = new QualityTargetAssessment(conditions);
  }

  /** A spec the operator cannot serve: {@code Valid=False}, and the last good config stays. */
  RoutingPolicyStatus invalid(RoutingPolicy policy, String reason, String message) {
    RoutingPolicyStatus status = carriedOver(policy);
    warnUnlessReported(policy, ConditionTypes.VALID, "False", reason, message);
    if (policy.getStatus() != null) {
      status.setConfigMap(policy.getStatus().getConfigMap());
      status.setConfigHash(policy.getStatus().getConfigHash());
      status.setEnforcingBudget(policy.getStatus().getEnforcingBudget());
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
    return status;
  }

  /**
   * The configuration was rendered and the workflow ran.
   *
   * @param enforcingBudget the covering Budget the rendered configuration enforces
   * @param gateway the gateway Deployment after the workflow, empty for sidecar routers
   * @param readings the routers' latest readings, or null when the live summary is off
   */
  RoutingPolicyStatus rendered(
      RoutingPolicy policy,
      String configMap,
      String hash,
      List<String> activeExperts,
      Optional<String> enforcingBudget,
      Optional<Deployment> gateway,
      RouterReadings readings) {
    RoutingPolicyStatus status = carriedOver(policy);
    status.setEnforcingBudget(enforcingBudget.orElse(null));
    status.setConfigMap(configMap);
    status.setConfigHash(hash);
    conditions.set(
        policy,
        status,
        ConditionTypes.VALID,
        true,
        "Valid",
        "references resolved; configuration rendered");
    status.setActiveExperts(activeExperts);
    status.setActiveExpertCount(activeExperts.size());
    if (RoutingPolicyReconciler.isGateway(policy)) {
      int ready =
          gateway
              .map(Deployment::getStatus)
              .map(s -> s.getReadyReplicas() == null ? 0 : s.getReadyReplicas())
              .orElse(0);
      boolean isReady = ready > 0 && !activeExperts.isEmpty();
      conditions.set(
          policy,
          status,
          ConditionTypes.READY,
          isReady,
          isReady ? "GatewayReady" : "GatewayNotReady",
          ready + " gateway replica(s) ready, " + activeExperts.size() + " active expert(s)");
    } else {
      boolean isReady = !activeExperts.isEmpty();
      conditions.set(
          policy,
          status,
          ConditionTypes.READY,
          isReady,
          isReady ? "SidecarConfigReady" : "NoActiveExperts",
          "configuration published for injected sidecars; "
              + activeExperts.size()
              + " active expert(s)");
    }
    if (readings != null) {
      if (readings.summary() != null) {
        status.setRouting(readings.summary());
      }
      reportRefusals(policy, status, readings.replicas(), hash);
      shadows.writeTo(policy, readings, status);
    }
    qualityTargets.writeTo(policy, status);
    return status;
  }

  /** Conditions and the live summary carry over: each is replaced only when measured again. */
  private static RoutingPolicyStatus carriedOver(RoutingPolicy policy) {
    RoutingPolicyStatus status = new RoutingPolicyStatus();
    status.setObservedGeneration(policy.getMetadata().getGeneration());
    status.setMode(policy.getSpec().mode());
    if (policy.getStatus() != null) {
      status.setConditions(policy.getStatus().getConditions());
      status.setRouting(policy.getStatus().getRouting());
      if (policy.getSpec().shadow() != null) {
        status.setShadow(policy.getStatus().getShadow());
      } else {
        status.getConditions().removeIf(c -> ConditionTypes.SHADOW_BETTER.equals(c.getType()));
      }
    }
    return status;
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
}
