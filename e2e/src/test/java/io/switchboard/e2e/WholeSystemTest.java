package io.switchboard.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.switchboard.api.v1alpha1.routingpolicy.RoutingPolicy;
import io.switchboard.e2e.local.LocalCluster;
import io.switchboard.e2e.local.RepoLayout;
import io.switchboard.e2e.run.RouterClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The whole path over real HTTP and real processes: quickstart CRs applied to the Fabric8 mock API server (not a
 * real cluster) → the real operator renders Deployments/Services/ConfigMaps → the local kubelet runs the router and
 * the simulated experts → requests are routed as the policy says. The steps share one system (starting it costs
 * most of the time), so they run in order.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WholeSystemTest {

  static RepoLayout repo;
  static LocalCluster cluster;
  static KubernetesClient client;

  @BeforeAll
  static void startSystem() throws Exception {
    repo = RepoLayout.locate();
    assumeTrue(repo.hasData("routerbench_subset"), "recorded data absent: " + repo.dataDir());
    Path runDir = repo.root().resolve("e2e/target/e2e-run");
    cluster = LocalCluster.start(repo, runDir, repo.dataDir());
    client = cluster.client();
    cluster.apply(repo.policies("quickstart"));
    await().atMost(Duration.ofSeconds(150)).pollInterval(Duration.ofMillis(500)).until(() -> {
      RoutingPolicy p = client.resources(RoutingPolicy.class).inNamespace("default").withName("quickstart").get();
      return p != null && p.getStatus() != null && p.getStatus().isTrue("Ready");
    });
  }

  @AfterAll
  static void stopSystem() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  @Order(1)
  void operatorRendersExpertAndRouterObjects() {
    Deployment expert = client.apps().deployments().inNamespace("default").withName("quickstart-mistral-7b").get();
    assertThat(expert.getSpec().getTemplate().getMetadata().getLabels())
        .containsEntry("switchboard.io/pool", "quickstart")
        .containsEntry("switchboard.io/expert-name", "mistral-7b")
        .containsEntry("switchboard.io/runtime", "simulated");
    Map<String, String> env = expert.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
        .filter(e -> e.getValue() != null)
        .collect(Collectors.toMap(e -> e.getName(), e -> e.getValue()));
    assertThat(env).containsEntry("SIM_DATASET", "routerbench_subset").containsEntry("SIM_TIME_SCALE", "0.2")
        .containsKey("SIM_MODEL");
    assertThat(client.services().inNamespace("default").withName("quickstart-mistral-7b").get()).isNotNull();
    ConfigMap config = client.configMaps().inNamespace("default").withName("quickstart-router-config").get();
    assertThat(config.getMetadata().getAnnotations()).containsKey("switchboard.io/config-hash");
    assertThat(config.getData().get("router.json"))
        .contains("http://quickstart-mistral-7b.default.svc:8000").contains("\"weighted\"");
    assertThat(client.apps().deployments().inNamespace("default").withName("quickstart-router").get()).isNotNull();
  }

  @Test
  @Order(2)
  void weightedRoutingFollowsTheWeights() {
    RouterClient router = new RouterClient(cluster.kubelet().serviceUrl("quickstart-router", 80).orElseThrow(),
        "quickstart");
    int n = 200;
    Map<String, Long> shares = java.util.stream.IntStream.range(0, n).parallel()
        .mapToObj(i -> router.chat("What is 2 + " + i + "?", "w-" + i, 16))
        .peek(r -> assertThat(r.ok()).as("reply %s", r).isTrue())
        .collect(Collectors.groupingBy(RouterClient.Reply::expert, Collectors.counting()));
    assertThat(shares.get("mistral-7b") / (double) n).isBetween(0.30, 0.50);
    assertThat(shares.get("mixtral") / (double) n).isBetween(0.21, 0.39);
    assertThat(shares.get("gpt-35") / (double) n).isBetween(0.12, 0.28);
    assertThat(shares.getOrDefault("gpt-4", 0L) / (double) n).isBetween(0.04, 0.17);
  }
}
