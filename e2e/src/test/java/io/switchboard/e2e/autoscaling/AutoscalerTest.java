package io.switchboard.e2e.autoscaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.switchboard.api.v1alpha1.expertpool.ExpertPool;
import io.switchboard.api.v1alpha1.expertpool.ExpertStatus;
import io.switchboard.e2e.local.LocalCluster;
import io.switchboard.e2e.local.RepoLayout;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * An SLO autoscaling decision read from vLLM 0.12's metric names with {@code engine} labels, end to
 * end: the operator (a real process against the Fabric8 mock API server, not a real cluster) runs a
 * SIMULATED expert with two data-parallel engines per replica ({@code
 * policies/simulated/data-parallel-autoscaled-pool.yaml}); ten clients keep requests in flight
 * straight at it, so each engine runs one and queues about four. Its target is 5 waiting per
 * replica: only the sum over the engine series breaches it. First as a dry run (the status shows
 * the decision and its measured reason, the replicas stay), then acting: the replicas change
 * through the Deployment's scale subresource and the local kubelet starts a second pod.
 */
class AutoscalerTest {

  private static final String POOL = "dp-autoscaled";
  private static final String DEPLOYMENT = "dp-autoscaled-mistral-7b";
  private static final Pattern WAITING =
      Pattern.compile("^vllm:num_requests_waiting\\{engine=\"(\\d+)\",[^}]*} (\\S+)$");

  @Test
  void theAutoscalerSumsTheEnginesQueuesReportsADryRunThenScalesThroughTheSubresource()
      throws Exception {
    RepoLayout repo = RepoLayout.locate();
    assumeTrue(repo.hasData("routerbench_subset"), "recorded data absent: " + repo.dataDir());
    Path runDir = repo.root().resolve("e2e/target/autoscaler-run");
    Files.createDirectories(runDir);
    try (LocalCluster cluster = LocalCluster.start(repo, runDir, repo.dataDir())) {
      KubernetesClient client = cluster.client();
      try (InputStream in =
          Files.newInputStream(
              repo.policies("simulated").resolve("data-parallel-autoscaled-pool.yaml"))) {
        for (HasMetadata object : client.load(in).items()) {
          client.resource(object).inNamespace(LocalCluster.NAMESPACE).create();
        }
      }
      await().atMost(Duration.ofSeconds(60)).until(() -> cluster.kubelet().isReady(DEPLOYMENT));
      String expert = cluster.kubelet().serviceUrl(DEPLOYMENT, 8000).orElseThrow();

      AtomicBoolean loading = new AtomicBoolean(true);
      AtomicInteger answered = new AtomicInteger();
      ExecutorService clients = Executors.newFixedThreadPool(10);
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
      for (int i = 0; i < 10; i++) {
        int n = i;
        clients.execute(() -> keepAsking(http, expert, n, loading, answered));
      }
      try {
        // Dry run: decided and reported from the summed queues, not acted on.
        ExpertStatus dry =
            await()
                .atMost(Duration.ofSeconds(45))
                .pollInterval(Duration.ofMillis(500))
                .until(
                    () -> status(client),
                    s ->
                        s != null
                            && Integer.valueOf(2).equals(s.desiredReplicas())
                            && s.scalingReason() != null
                            && s.scalingReason().startsWith("dry run"));
        System.out.println("dry-run status: " + dry);
        assertThat(dry.scalingReason())
            .startsWith("dry run, replicas stay at 1: waiting per replica ")
            .contains("> 5 target over 1 replica")
            .contains("queues summed over 2 engines");
        assertThat(dry.observedQueueDepth()).isGreaterThan(5.0);
        Map<String, Double> perEngine = waitingPerEngine(http, expert);
        System.out.println("SIMULATED engine queues now: " + perEngine);
        assertThat(perEngine).containsOnlyKeys("0", "1");
        assertThat(perEngine.values()).allSatisfy(w -> assertThat(w).isLessThanOrEqualTo(5.0));
        assertThat(
                client.v1().events().inNamespace(LocalCluster.NAMESPACE).list().getItems().stream()
                    .filter(e -> "ScaleRecommended".equals(e.getReason())))
            .anySatisfy(
                e ->
                    assertThat(e.getMessage())
                        .startsWith("mistral-7b: dry run, would scale 1 -> 2 replicas"));
        Thread.sleep(4000); // two more engine windows
        assertThat(deployment(client).getSpec().getReplicas()).isEqualTo(1);
        assertThat(cluster.api().operatorRequests())
            .noneMatch(r -> r.toString().contains("deployments/scale"));

        // Acting: the same decision through the scale subresource; the kubelet starts a pod.
        client
            .resources(ExpertPool.class)
            .inNamespace(LocalCluster.NAMESPACE)
            .withName(POOL)
            .patch(
                PatchContext.of(PatchType.JSON),
                "[{\"op\": \"replace\", \"path\": \"/spec/experts/0/autoscaling/dryRun\","
                    + " \"value\": false}]");
        await()
            .atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofMillis(500))
            .until(
                () -> {
                  Deployment d = deployment(client);
                  return d.getStatus() != null
                      && Integer.valueOf(2).equals(d.getStatus().getReadyReplicas());
                });
        assertThat(deployment(client).getSpec().getReplicas()).isEqualTo(2);
        // The endpoints controller's view, which the operator reads engine metrics through: both
        // replicas, each a process of its own (its own port), ready.
        await()
            .atMost(Duration.ofSeconds(10))
            .untilAsserted(
                () -> {
                  Endpoints endpoints =
                      client
                          .endpoints()
                          .inNamespace(LocalCluster.NAMESPACE)
                          .withName(DEPLOYMENT)
                          .get();
                  assertThat(endpoints.getSubsets())
                      .hasSize(2)
                      .allSatisfy(subset -> assertThat(subset.getAddresses()).hasSize(1));
                  assertThat(
                          endpoints.getSubsets().stream()
                              .map(subset -> subset.getPorts().get(0).getPort())
                              .distinct())
                      .hasSize(2);
                });
        assertThat(cluster.api().operatorRequests())
            .anySatisfy(
                r ->
                    assertThat(r.toString())
                        .contains("update")
                        .contains("apps/deployments/scale")
                        .contains(DEPLOYMENT));
        assertThat(
                client.v1().events().inNamespace(LocalCluster.NAMESPACE).list().getItems().stream()
                    .filter(e -> "ScaledUp".equals(e.getReason())))
            .anySatisfy(
                e ->
                    assertThat(e.getMessage())
                        .startsWith("mistral-7b: 1 -> 2 replicas; waiting per replica ")
                        .contains("queues summed over 2 engines"));
        ExpertStatus acting =
            await()
                .atMost(Duration.ofSeconds(20))
                .until(
                    () -> status(client),
                    s -> s != null && Integer.valueOf(2).equals(s.readyReplicas()));
        System.out.println("acting status: " + acting + "; " + answered.get() + " answers");
        assertThat(acting.desiredReplicas()).isEqualTo(2);
        assertThat(acting.scalingReason()).doesNotStartWith("dry run");
      } finally {
        loading.set(false);
        clients.shutdownNow();
        clients.awaitTermination(10, TimeUnit.SECONDS);
      }
    }
  }

  /** One client: a chat completion after another, until told to stop. */
  private static void keepAsking(
      HttpClient http, String expert, int client, AtomicBoolean loading, AtomicInteger answered) {
    String body =
        """
        {"model": "mistralai/mistral-7b-chat", "max_tokens": 200,
         "messages": [{"role": "user", "content": "Explain, step by step, question %d."}]}
        """
            .formatted(client);
    while (loading.get() && !Thread.currentThread().isInterrupted()) {
      try {
        HttpResponse<String> reply =
            http.send(
                HttpRequest.newBuilder(URI.create(expert + "/v1/chat/completions"))
                    .timeout(Duration.ofSeconds(60))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        if (reply.statusCode() == 200) {
          answered.incrementAndGet();
        }
      } catch (InterruptedException e) {
        return;
      } catch (java.io.IOException e) {
        // the load stops with the test; a failed call is simply made again
      }
    }
  }

  /** {@code vllm:num_requests_waiting} of each engine label, read from the expert. */
  private static Map<String, Double> waitingPerEngine(HttpClient http, String expert)
      throws Exception {
    String text =
        http.send(
                HttpRequest.newBuilder(URI.create(expert + "/metrics")).GET().build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    Map<String, Double> out = new TreeMap<>();
    for (String line : text.split("\n")) {
      Matcher m = WAITING.matcher(line);
      if (m.matches()) {
        out.put(m.group(1), Double.parseDouble(m.group(2)));
      }
    }
    return out;
  }

  private static Deployment deployment(KubernetesClient client) {
    return client
        .apps()
        .deployments()
        .inNamespace(LocalCluster.NAMESPACE)
        .withName(DEPLOYMENT)
        .get();
  }

  private static ExpertStatus status(KubernetesClient client) {
    ExpertPool pool =
        client.resources(ExpertPool.class).inNamespace(LocalCluster.NAMESPACE).withName(POOL).get();
    if (pool == null || pool.getStatus() == null || pool.getStatus().getExperts() == null) {
      return null;
    }
    return pool.getStatus().getExperts().stream()
        .filter(e -> "mistral-7b".equals(e.name()))
        .findFirst()
        .orElse(null);
  }
}
