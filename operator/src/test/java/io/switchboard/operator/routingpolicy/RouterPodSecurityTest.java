package io.switchboard.operator.routingpolicy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.switchboard.api.v1alpha1.expertpool.ExpertPool;
import io.switchboard.api.v1alpha1.routingpolicy.RoutingPolicy;
import io.switchboard.operator.PolicyFiles;
import io.switchboard.templates.RestrictedPodSecurity;
import org.junit.jupiter.api.Test;

/** The routers the operator deploys pass the restricted Pod Security Standard. */
class RouterPodSecurityTest {

  private final RouterWorkloads workloads =
      new RouterWorkloads(
          "ghcr.io/switchboard/router:test", "IfNotPresent", new RouterPorts(8080, 9000));
  private final RoutingPolicy policy =
      PolicyFiles.read("routing/weighted.yaml", RoutingPolicy.class);
  private final ExpertPool pool = PolicyFiles.read("pools/hybrid-pool.yaml", ExpertPool.class);

  @Test
  void gatewayPodIsRestricted() {
    PodSpec pod =
        workloads
            .gateway(policy, RouterWorkloads.expertsOf(policy, pool))
            .getSpec()
            .getTemplate()
            .getSpec();
    assertThat(RestrictedPodSecurity.violations(pod)).isEmpty();
  }

  @Test
  void sidecarIsRestrictedInAPodWithoutAPodLevelContext() {
    // The webhook injects into pods it does not own: the container must carry every setting.
    PodSpec pod =
        new PodSpecBuilder()
            .withContainers(workloads.container(policy, RouterWorkloads.expertsOf(policy, pool)))
            .build();
    assertThat(RestrictedPodSecurity.violations(pod)).isEmpty();
  }

  @Test
  void theCheckFindsEachViolation() {
    PodSpec pod =
        new PodSpecBuilder()
            .withHostNetwork(true)
            .addNewVolume()
            .withName("host")
            .withNewHostPath()
            .withPath("/")
            .endHostPath()
            .endVolume()
            .withContainers(
                new ContainerBuilder()
                    .withName("app")
                    .withNewSecurityContext()
                    .withPrivileged(true)
                    .withNewCapabilities()
                    .withAdd("SYS_ADMIN")
                    .withDrop("ALL")
                    .endCapabilities()
                    .endSecurityContext()
                    .build())
            .build();
    assertThat(RestrictedPodSecurity.violations(pod))
        .containsExactlyInAnyOrder(
            "host namespaces",
            "volume host of type hostPath",
            "container app: privileged",
            "container app: allowPrivilegeEscalation not false",
            "container app: runAsNonRoot not true",
            "container app: seccompProfile not RuntimeDefault or Localhost",
            "container app: capabilities add [SYS_ADMIN]",
            "container app: root filesystem writable");
  }
}
