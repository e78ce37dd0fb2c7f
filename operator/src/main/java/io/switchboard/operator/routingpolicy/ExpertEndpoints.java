package io.switchboard.operator.routingpolicy;

import io.switchboard.api.v1alpha1.expertpool.Expert;
import io.switchboard.api.v1alpha1.expertpool.ExpertPool;

/** Where routers reach an expert. In a cluster, the expert's Service; the local run maps it to loopback. */
public interface ExpertEndpoints {

  /** Port of every self-hosted expert's Service (the container port may differ per engine). */
  int SERVICE_PORT = 8000;

  String baseUrl(ExpertPool pool, Expert expert);

  /** Cluster DNS of the Service the ExpertPool reconciler creates for the expert. */
  static ExpertEndpoints clusterServices() {
    return (pool, expert) -> "http://" + io.switchboard.operator.support.KubeNames.expertWorkload(
        pool.getMetadata().getName(), expert.name()) + "." + pool.getMetadata().getNamespace() + ".svc:" + SERVICE_PORT;
  }
}
