package io.switchboard.operator.expertpool;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.switchboard.api.v1alpha1.common.ConditionTypes;
import io.switchboard.api.v1alpha1.expertpool.Expert;
import io.switchboard.api.v1alpha1.expertpool.ExpertPool;
import io.switchboard.api.v1alpha1.expertpool.ExpertPoolStatus;
import io.switchboard.api.v1alpha1.expertpool.ExpertRuntime;
import io.switchboard.api.v1alpha1.expertpool.ExpertStatus;
import io.switchboard.operator.support.ConditionWriter;
import io.switchboard.operator.support.KubeNames;
import io.switchboard.templates.RenderedExpert;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Builds an ExpertPool's whole status from one reconcile: per expert its endpoint, replicas as the
 * Deployments now stand after the workflow, the engine observation the autoscaler decided on, and
 * why it is not ready; then the pool's Ready and Degraded conditions.
 */
final class ExpertPoolStatusAggregator {

  private final ConditionWriter conditions;

  ExpertPoolStatusAggregator(ConditionWriter conditions) {
    this.conditions = conditions;
  }

  /**
   * @param live the pool's Deployments by name after the workflow ran
   * @param rendered the experts rendered this reconcile, by workload name
   * @param failures experts (by name) whose spec failed to render, with the reason
   * @param observed the engine observation each autoscaled expert's decision used, by expert name
   * @param decisions each autoscaled expert's decision as status reports it, by expert name
   */
  ExpertPoolStatus aggregate(
      ExpertPool pool,
      Map<String, Deployment> live,
      Map<String, RenderedExpert.SelfHosted> rendered,
      Map<String, String> failures,
      Map<String, SloAutoscaler.Observation> observed,
      Map<String, SloAutoscaler.Decision> decisions) {
    ExpertPoolStatus previous = pool.getStatus();
    ExpertPoolStatus status = new ExpertPoolStatus();
    status.setObservedGeneration(pool.getMetadata().getGeneration());
    if (previous != null) {
      status.setConditions(previous.getConditions());
      status.setLoadGini(previous.getLoadGini());
    }
    List<ExpertStatus> experts = new ArrayList<>();
    for (Expert expert : pool.getSpec().experts()) {
      if (expert.runtime() == ExpertRuntime.EXTERNAL) {
        experts.add(
            new ExpertStatus(
                expert.name(),
                expert.runtime(),
                expert.endpoint().url(),
                null,
                null,
                null,
                true,
                null,
                null,
                null,
                null));
        continue;
      }
      String workloadName = KubeNames.expertWorkload(pool.getMetadata().getName(), expert.name());
      String failure = failures.get(expert.name());
      RenderedExpert.SelfHosted ours = rendered.get(workloadName);
      if (failure != null || ours == null) {
        experts.add(
            new ExpertStatus(
                expert.name(),
                expert.runtime(),
                null,
                null,
                null,
                0,
                false,
                null,
                null,
                null,
                failure));
        continue;
      }
      Deployment deployment = live.getOrDefault(workloadName, ours.deployment());
      experts.add(
          statusOf(
              expert,
              deployment,
              ours.baseUrl(),
              observed.get(expert.name()),
              decisions.get(expert.name())));
    }
    status.setExperts(experts);
    long ready = experts.stream().filter(e -> Boolean.TRUE.equals(e.ready())).count();
    status.setReadyExperts((int) ready);
    status.setReadySummary(ready + "/" + experts.size());
    boolean allReady = ready == experts.size();
    conditions.set(
        pool,
        status,
        ConditionTypes.READY,
        allReady,
        allReady ? "AllExpertsReady" : "ExpertsNotReady",
        ready + " of " + experts.size() + " experts ready");
    boolean degraded = !failures.isEmpty() || (ready > 0 && !allReady);
    conditions.set(
        pool,
        status,
        ConditionTypes.DEGRADED,
        degraded,
        !failures.isEmpty() ? "InvalidExpert" : degraded ? "SomeExpertsNotReady" : "AsExpected",
        !failures.isEmpty()
            ? String.join("; ", failureList(failures))
            : ready + " of " + experts.size() + " experts ready");
    return status;
  }

  /** {@code expert: reason} per failed expert, in spec order. */
  static List<String> failureList(Map<String, String> failures) {
    return failures.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue()).toList();
  }

  private static ExpertStatus statusOf(
      Expert expert,
      Deployment deployment,
      String endpoint,
      SloAutoscaler.Observation seen,
      SloAutoscaler.Decision decision) {
    // The Deployment in the cache may not show a scale write of this reconcile yet.
    int desired =
        decision != null
            ? decision.replicas()
            : deployment.getSpec().getReplicas() == null ? 1 : deployment.getSpec().getReplicas();
    int readyReplicas =
        deployment.getStatus() == null || deployment.getStatus().getReadyReplicas() == null
            ? 0
            : deployment.getStatus().getReadyReplicas();
    boolean ready = readyReplicas > 0;
    Double ttft =
        seen == null || seen.ttftP95Ms() == null ? null : Math.round(seen.ttftP95Ms() * 10) / 10.0;
    Double queue =
        seen == null || seen.waitingPerReplica() == null
            ? null
            : Math.round(seen.waitingPerReplica() * 100) / 100.0;
    return new ExpertStatus(
        expert.name(),
        expert.runtime(),
        endpoint,
        desired,
        decision == null ? null : decision.reason(),
        readyReplicas,
        ready,
        ttft,
        queue,
        null,
        ready ? null : "waiting for a ready replica");
  }
}
