package io.switchboard.operator.routingpolicy;

import io.switchboard.api.v1alpha1.expertpool.Expert;
import io.switchboard.api.v1alpha1.expertpool.ExpertPool;
import io.switchboard.operator.expertpool.ExpertWorkloads;

/**
 * Where routers reach an expert. In a cluster, the expert's Service; the local run maps it to
 * loopback.
 */
public interface ExpertEndpoints {

  String baseUrl(ExpertPool pool, Expert expert);

  /**
   * Cluster DNS of the Service the ExpertPool reconciler creates, from the same template rendering.
   */
  static ExpertEndpoints clusterServices() {
    ExpertWorkloads workloads = new ExpertWorkloads();
    return (pool, expert) ->
        RouterConfigRenderer.stripV1(workloads.render(pool, expert, null).baseUrl());
  }
}
