package io.switchboard.operator.expertpool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.switchboard.api.v1alpha1.budget.Budget;
import io.switchboard.api.v1alpha1.expertpool.ExpertPool;
import io.switchboard.api.v1alpha1.expertpool.ExpertPoolSpec;
import io.switchboard.api.v1alpha1.routingpolicy.RoutingPolicy;
import io.switchboard.operator.PolicyFiles;
import io.switchboard.operator.ScaleSubresource;
import io.switchboard.operator.routingpolicy.RouterWorkloads;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** ExpertPool reconciliation against the Fabric8 mock API server in CRUD mode. */
@QuarkusTest
@WithKubernetesTestServer(crud = true, setup = ScaleSubresource.class)
class ExpertPoolReconcilerTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  @Inject KubernetesClient client;

  @org.junit.jupiter.api.BeforeEach
  void installCrds() {
    io.switchboard.operator.CrdInstaller.install(client);
  }

  @Test
  void selfHostedExpertsGetDeploymentServiceAndPdbExternalOnesNothing() {
    String ns = "xp-hybrid";
    ExpertPool pool = PolicyFiles.read("pools/hybrid-pool.yaml", ExpertPool.class);
    pool.getMetadata().setNamespace(ns);
    client.resource(pool).create();

    Deployment llama =
        await()
            .atMost(TIMEOUT)
            .until(
                () ->
                    client
                        .apps()
                        .deployments()
                        .inNamespace(ns)
                        .withName("chat-experts-llama-8b")
                        .get(),
                d -> d != null);
    var engine = llama.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(engine.getResources().getLimits().get("nvidia.com/gpu").getAmount()).isEqualTo("1");
    assertThat(llama.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.getKind()).isEqualTo("ExpertPool");
              assertThat(o.getController()).isTrue();
            });
    // The reconciler applies the experts' Deployments one after another: wait for this one too, not
    // just the first.
    Deployment mixtral =
        await()
            .atMost(TIMEOUT)
            .until(
                () ->
                    client
                        .apps()
                        .deployments()
                        .inNamespace(ns)
                        .withName("chat-experts-mixtral")
                        .get(),
                d -> d != null);
    assertThat(
            String.join(
                    " ",
                    mixtral.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs()
                            == null
                        ? List.of()
                        : mixtral
                            .getSpec()
                            .getTemplate()
                            .getSpec()
                            .getContainers()
                            .get(0)
                            .getArgs())
                + String.join(
                    " ",
                    mixtral.getSpec().getTemplate().getSpec().getContainers().get(0).getCommand()
                            == null
                        ? List.of()
                        : mixtral
                            .getSpec()
                            .getTemplate()
                            .getSpec()
                            .getContainers()
                            .get(0)
                            .getCommand()))
        .contains("mistralai/Mixtral-8x7B-Instruct-v0.1");
    assertThat(client.services().inNamespace(ns).withName("chat-experts-llama-8b").get())
        .isNotNull();
    assertThat(
            client
                .policy()
                .v1()
                .podDisruptionBudget()
                .inNamespace(ns)
                .withName("chat-experts-llama-8b")
                .get())
        .isNotNull();
    assertThat(client.apps().deployments().inNamespace(ns).list().getItems()).hasSize(2);

    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> {
              ExpertPool current =
                  client.resources(ExpertPool.class).inNamespace(ns).withName("chat-experts").get();
              assertThat(current.getStatus()).isNotNull();
              assertThat(current.getStatus().getReadySummary()).isEqualTo("2/4");
              assertThat(current.getStatus().isTrue("Ready")).isFalse();
              assertThat(current.getStatus().isTrue("Degraded")).isTrue();
            });

    // The mock API has no kubelet: report the pods ready as a kubelet would.
    for (String name : List.of("chat-experts-llama-8b", "chat-experts-mixtral")) {
      Deployment d = client.apps().deployments().inNamespace(ns).withName(name).get();
      d.setStatus(
          new DeploymentStatusBuilder()
              .withReplicas(1)
              .withReadyReplicas(1)
              .withAvailableReplicas(1)
              .build());
      client.resource(d).updateStatus();
    }
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> {
              ExpertPool current =
                  client.resources(ExpertPool.class).inNamespace(ns).withName("chat-experts").get();
              assertThat(current.getStatus().getReadySummary()).isEqualTo("4/4");
              assertThat(current.getStatus().isTrue("Ready")).isTrue();
              assertThat(current.getStatus().isTrue("Degraded")).isFalse();
            });
  }

  @Test
  void expertsAdmitOnlyTheirPolicysRoutersAndTheOperator() {
    String ns = "xp-netpol";
    ExpertPool pool = PolicyFiles.read("pools/hybrid-pool.yaml", ExpertPool.class);
    pool.getMetadata().setNamespace(ns);
    client.resource(pool).create();
    RoutingPolicy policy = PolicyFiles.read("routing/weighted.yaml", RoutingPolicy.class);
    policy.getMetadata().setNamespace(ns);
    client.resource(policy).create();

    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> {
              NetworkPolicy np = expertsNetworkPolicy(ns);
              assertThat(np).isNotNull();
              assertThat(np.getSpec().getPodSelector().getMatchLabels())
                  .containsExactly(Map.entry(ExpertWorkloads.POOL_LABEL, "chat-experts"));
              assertThat(np.getSpec().getPolicyTypes()).containsExactly("Ingress");
              var from = np.getSpec().getIngress().get(0).getFrom();
              assertThat(from).hasSize(2);
              var routers = from.get(0).getPodSelector().getMatchExpressions().get(0);
              assertThat(routers.getKey()).isEqualTo(RouterWorkloads.POLICY_LABEL);
              assertThat(routers.getOperator()).isEqualTo("In");
              assertThat(routers.getValues()).containsExactly("chat-weighted");
              assertThat(from.get(0).getNamespaceSelector()).isNull();
              assertOperatorPeer(from.get(1));
              assertThat(np.getSpec().getIngress().get(0).getPorts()).isNullOrEmpty();
            });
    // The pool's expert pods carry the label the NetworkPolicy selects them by.
    Deployment llama =
        client.apps().deployments().inNamespace(ns).withName("chat-experts-llama-8b").get();
    assertThat(llama.getSpec().getTemplate().getMetadata().getLabels())
        .containsEntry(ExpertWorkloads.POOL_LABEL, "chat-experts");

    // Without a policy naming the pool, only the operator may reach the experts.
    client.resource(policy).delete();
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> {
              var from = expertsNetworkPolicy(ns).getSpec().getIngress().get(0).getFrom();
              assertThat(from).singleElement().satisfies(this::assertOperatorPeer);
            });
  }

  private NetworkPolicy expertsNetworkPolicy(String ns) {
    return client
        .network()
        .v1()
        .networkPolicies()
        .inNamespace(ns)
        .withName("chat-experts-experts")
        .get();
  }

  /** The operator's pods by the defaults of switchboard.operator.network-policies. */
  private void assertOperatorPeer(NetworkPolicyPeer peer) {
    assertThat(peer.getNamespaceSelector().getMatchLabels())
        .containsExactly(Map.entry("kubernetes.io/metadata.name", "switchboard-system"));
    assertThat(peer.getPodSelector().getMatchLabels())
        .containsOnly(
            Map.entry("app.kubernetes.io/name", "switchboard"),
            Map.entry("app.kubernetes.io/component", "operator"));
  }

  @Test
  void removingAnExpertDeletesItsObjects() {
    String ns = "xp-remove";
    ExpertPool pool = PolicyFiles.read("pools/vllm-moe-pool.yaml", ExpertPool.class);
    pool.getMetadata().setNamespace(ns);
    client.resource(pool).create();
    await()
        .atMost(TIMEOUT)
        .until(
            () ->
                client.apps().deployments().inNamespace(ns).withName("self-hosted-qwen-moe").get(),
            d -> d != null);

    // Retry on 409: the operator writes the pool's status concurrently, as in a real cluster.
    await()
        .atMost(TIMEOUT)
        .ignoreExceptions()
        .untilAsserted(
            () -> {
              ExpertPool live =
                  client.resources(ExpertPool.class).inNamespace(ns).withName("self-hosted").get();
              live.setSpec(new ExpertPoolSpec(List.of(live.getSpec().experts().get(0))));
              client.resource(live).update();
            });

    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () ->
                assertThat(
                        client
                            .apps()
                            .deployments()
                            .inNamespace(ns)
                            .withName("self-hosted-qwen-moe")
                            .get())
                    .isNull());
    assertThat(client.services().inNamespace(ns).withName("self-hosted-qwen-moe").get()).isNull();
    assertThat(client.apps().deployments().inNamespace(ns).withName("self-hosted-llama-8b").get())
        .isNotNull();
  }

  @Test
  void aBudgetsGpuCapHoldsTheAutoscalerBack() throws Exception {
    String ns = "xp-gpucap";
    HttpServer engine = slowEngine();
    try {
      // 6 GPUs for the pools of the policies labelled team=search: qwen-moe already holds 4 and
      // llama-8b 1.
      var budget = new io.switchboard.api.v1alpha1.budget.Budget();
      budget.setMetadata(
          new io.fabric8.kubernetes.api.model.ObjectMetaBuilder()
              .withName("gpus")
              .withNamespace(ns)
              .build());
      budget.setSpec(
          new io.switchboard.api.v1alpha1.budget.BudgetSpec(
              io.switchboard.api.v1alpha1.budget.BudgetSpec.Period.DAY,
              new io.switchboard.api.v1alpha1.budget.Limits(100.0, null),
              null,
              6,
              null,
              new io.fabric8.kubernetes.api.model.LabelSelectorBuilder()
                  .addToMatchLabels("team", "search")
                  .build()));
      client.resource(budget).create();
      client
          .resource(
              io.fabric8.kubernetes.client.utils.Serialization.unmarshal(
                  """
          apiVersion: switchboard.io/v1alpha1
          kind: RoutingPolicy
          metadata: {name: search, namespace: %s, labels: {team: search}}
          spec:
            poolRef: {name: self-hosted}
            mode: weighted
            virtualModel: search
            weighted:
              weights: [{expert: llama-8b, weight: 1}]
          """
                      .formatted(ns),
                  io.switchboard.api.v1alpha1.routingpolicy.RoutingPolicy.class))
          .create();
      ExpertPool pool = PolicyFiles.read("pools/vllm-moe-pool.yaml", ExpertPool.class);
      pool.getMetadata().setNamespace(ns);
      client.resource(pool).create();
      publishEndpoints(ns, "self-hosted-llama-8b", engine.getAddress().getPort());

      // 1 -> 2 fits (4 + 2 = 6 GPUs); the next doubling does not.
      await()
          .atMost(TIMEOUT)
          .untilAsserted(
              () ->
                  assertThat(client.v1().events().inNamespace(ns).list().getItems())
                      .anySatisfy(
                          e -> {
                            assertThat(e.getReason()).isEqualTo("GpuCapReached");
                            assertThat(e.getMessage())
                                .contains("llama-8b held at 2 replicas")
                                .contains("by Budget gpus (gpuCap 6 GPUs)");
                          }));
      Thread.sleep(2000);
      // Without the cap it would have doubled on every read up to its maximum of 6.
      assertThat(
              client
                  .apps()
                  .deployments()
                  .inNamespace(ns)
                  .withName("self-hosted-llama-8b")
                  .get()
                  .getSpec()
                  .getReplicas())
          .isEqualTo(2);
    } finally {
      engine.stop(0);
    }
  }

  /**
   * The engine keeps its own targets (TTFT 100 ms against 400, 2 waiting against 8), but the policy
   * routing to it answers in 2.5 s p95 against its Budget's 500 ms while requests wait: the
   * Budget's latency target alone scales the expert up.
   */
  @Test
  void aBudgetsLatencyTargetScalesTheExpertsItsPoliciesRouteTo() throws Exception {
    String ns = "xp-budget-latency";
    var engineReads = new AtomicInteger();
    HttpServer engine =
        fakeMetrics(
            "/metrics",
            () -> {
              int n = 100 * engineReads.incrementAndGet();
              return """
              vllm:num_requests_waiting{model_name="llama"} 2
              vllm:time_to_first_token_seconds_bucket{le="0.1",model_name="llama"} %d
              vllm:time_to_first_token_seconds_bucket{le="+Inf",model_name="llama"} %d
              """
                  .formatted(n, n);
            });
    double routerStart = System.currentTimeMillis() / 1000.0;
    var routerReads = new AtomicInteger();
    HttpServer router =
        fakeMetrics(
            "/q/metrics",
            () -> {
              int n = 10 * routerReads.incrementAndGet();
              return """
              process_start_time_seconds %s
              switchboard_router_requests_total{policy="search"} %d
              switchboard_router_decisions_total{policy="search",expert="llama-8b"} %d
              switchboard_router_request_duration_seconds_bucket{policy="search",le="0.5"} 0
              switchboard_router_request_duration_seconds_bucket{policy="search",le="2.5"} %d
              switchboard_router_request_duration_seconds_bucket{policy="search",le="+Inf"} %d
              """
                  .formatted(routerStart, n, n, n, n);
            });
    try {
      client
          .resource(
              Serialization.unmarshal(
                  """
          apiVersion: switchboard.io/v1alpha1
          kind: Budget
          metadata: {name: fast, namespace: %s}
          spec:
            period: day
            limits: {usd: 100}
            slo: {p95LatencyMs: 500}
            policySelector: {matchLabels: {team: search}}
          """
                      .formatted(ns),
                  Budget.class))
          .create();
      client
          .resource(
              Serialization.unmarshal(
                  """
          apiVersion: switchboard.io/v1alpha1
          kind: RoutingPolicy
          metadata: {name: search, namespace: %s, labels: {team: search}}
          spec:
            poolRef: {name: self-hosted}
            mode: weighted
            virtualModel: search
            weighted:
              weights: [{expert: llama-8b, weight: 1}]
            router: {type: gateway}
          """
                      .formatted(ns),
                  RoutingPolicy.class))
          .create();
      ExpertPool pool = PolicyFiles.read("pools/vllm-moe-pool.yaml", ExpertPool.class);
      pool.getMetadata().setNamespace(ns);
      client.resource(pool).create();
      publishEndpoints(ns, "self-hosted-llama-8b", engine.getAddress().getPort());
      publishEndpoints(ns, "search-router-management", router.getAddress().getPort());

      await()
          .atMost(TIMEOUT)
          .untilAsserted(
              () ->
                  assertThat(client.v1().events().inNamespace(ns).list().getItems())
                      .anySatisfy(
                          e -> {
                            assertThat(e.getReason()).isEqualTo("ScaledUp");
                            assertThat(e.getMessage())
                                .contains("llama-8b: 1 -> 2 replicas")
                                .contains(
                                    "request p95 of search (Budget fast) 2500 ms > 500 ms target");
                          }));
    } finally {
      engine.stop(0);
      router.stop(0);
    }
  }

  /** A loopback server answering {@code path} with a fresh exposition on every read. */
  private static HttpServer fakeMetrics(String path, Supplier<String> exposition)
      throws IOException {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        path,
        exchange -> {
          byte[] body = exposition.get().getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
    return server;
  }

  /**
   * What the endpoints controller would publish for the expert's one ready pod: the fake engine on
   * loopback.
   */
  private void publishEndpoints(String ns, String service, int port) {
    client
        .resource(
            new io.fabric8.kubernetes.api.model.EndpointsBuilder()
                .withNewMetadata()
                .withName(service)
                .withNamespace(ns)
                .endMetadata()
                .addNewSubset()
                .addNewAddress()
                .withIp("127.0.0.1")
                .endAddress()
                .addNewPort()
                .withName("http")
                .withPort(port)
                .endPort()
                .endSubset()
                .build())
        .create();
  }

  /** A vLLM engine whose every request takes 1-2.5 s to its first token. */
  private static HttpServer slowEngine() throws IOException {
    var reads = new AtomicInteger();
    return fakeMetrics(
        "/metrics",
        () -> {
          int n = 100 * reads.incrementAndGet();
          return """
          vllm:num_requests_waiting{model_name="llama"} 0
          vllm:time_to_first_token_seconds_bucket{le="1.0",model_name="llama"} 0
          vllm:time_to_first_token_seconds_bucket{le="2.5",model_name="llama"} %d
          vllm:time_to_first_token_seconds_bucket{le="+Inf",model_name="llama"} %d
          """
              .formatted(n, n);
        });
  }

  @Test
  void sloAutoscalerAddsReplicasWhenTheEnginesMissTheirTtftTarget() throws Exception {
    String ns = "xp-autoscale";
    HttpServer engine = slowEngine(); // the SLO is 400 ms
    try {
      ExpertPool pool = PolicyFiles.read("pools/vllm-moe-pool.yaml", ExpertPool.class);
      pool.getMetadata().setNamespace(ns);
      client.resource(pool).create();
      publishEndpoints(ns, "self-hosted-llama-8b", engine.getAddress().getPort());

      await()
          .atMost(TIMEOUT)
          .untilAsserted(
              () -> {
                Deployment llama =
                    client
                        .apps()
                        .deployments()
                        .inNamespace(ns)
                        .withName("self-hosted-llama-8b")
                        .get();
                assertThat(llama.getSpec().getReplicas()).isGreaterThanOrEqualTo(2);
                ExpertPool current =
                    client
                        .resources(ExpertPool.class)
                        .inNamespace(ns)
                        .withName("self-hosted")
                        .get();
                var status =
                    current.getStatus().getExperts().stream()
                        .filter(e -> e.name().equals("llama-8b"))
                        .findFirst()
                        .orElseThrow();
                assertThat(status.observedTtftP95Ms()).isGreaterThan(1000.0);
                assertThat(status.desiredReplicas()).isEqualTo(llama.getSpec().getReplicas());
              });
      await()
          .atMost(TIMEOUT)
          .untilAsserted(
              () ->
                  assertThat(client.v1().events().inNamespace(ns).list().getItems())
                      .anySatisfy(
                          e -> {
                            assertThat(e.getReason()).isEqualTo("ScaledUp");
                            assertThat(e.getMessage())
                                .contains("llama-8b: 1 -> 2 replicas")
                                .contains("TTFT p95");
                          }));
      // Bounded by the expert's range (max 6) however long the SLO is missed.
      await()
          .atMost(TIMEOUT)
          .until(
              () ->
                  client
                          .apps()
                          .deployments()
                          .inNamespace(ns)
                          .withName("self-hosted-llama-8b")
                          .get()
                          .getSpec()
                          .getReplicas()
                      == 6);
      Thread.sleep(1500);
      assertThat(
              client
                  .apps()
                  .deployments()
                  .inNamespace(ns)
                  .withName("self-hosted-llama-8b")
                  .get()
                  .getSpec()
                  .getReplicas())
          .isEqualTo(6);
    } finally {
      engine.stop(0);
    }
  }

  /**
   * The decision is a write of the scale subresource, not a new Deployment spec: fields the
   * operator does not apply (here a user's {@code minReadySeconds}) and everything it does apply
   * stay as they were, and later reconciles neither undo the replicas nor the user's edit. (Before,
   * the dependent applied the replicas with the rest of the spec, replacing it.)
   */
  @Test
  void aScalingDecisionLandsAsAScaleCallAndLeavesTheRestOfTheDeploymentAlone() throws Exception {
    String ns = "xp-scale-subresource";
    String path = "/apis/apps/v1/namespaces/" + ns + "/deployments/self-hosted-llama-8b";
    HttpServer engine = slowEngine(); // 1-2.5 s to first token against a 400 ms target
    try {
      // Scale one step (max 2): the test then watches a settled Deployment.
      ExpertPool pool =
          Serialization.unmarshal(
              java.nio.file.Files.readString(
                      io.switchboard.api.validation.RepoPaths.root()
                          .resolve("policies/pools/vllm-moe-pool.yaml"))
                  .replace("replicas: {min: 1, max: 6}", "replicas: {min: 1, max: 2}"),
              ExpertPool.class);
      pool.getMetadata().setNamespace(ns);
      client.resource(pool).create();
      var deployments = client.apps().deployments().inNamespace(ns);
      Deployment created =
          await()
              .atMost(TIMEOUT)
              .until(() -> deployments.withName("self-hosted-llama-8b").get(), d -> d != null);
      assertThat(created.getSpec().getReplicas()).isEqualTo(1);
      deployments
          .withName("self-hosted-llama-8b")
          .edit(
              d -> {
                d.getSpec().setMinReadySeconds(15);
                return d;
              });
      publishEndpoints(ns, "self-hosted-llama-8b", engine.getAddress().getPort());

      await()
          .atMost(TIMEOUT)
          .untilAsserted(
              () -> assertThat(ScaleSubresource.writes()).contains("PUT " + path + " 2"));
      Thread.sleep(3000); // a few more decisions and reconciles (engines are read every second)
      Deployment scaled = deployments.withName("self-hosted-llama-8b").get();
      assertThat(scaled.getSpec().getReplicas()).isEqualTo(2);
      assertThat(scaled.getSpec().getMinReadySeconds()).as("the user's edit").isEqualTo(15);
      assertThat(scaled.getSpec().getTemplate()).isEqualTo(created.getSpec().getTemplate());
      assertThat(scaled.getSpec().getSelector()).isEqualTo(created.getSpec().getSelector());
      assertThat(scaled.getSpec().getStrategy()).isEqualTo(created.getSpec().getStrategy());
      assertThat(scaled.getMetadata().getLabels()).isEqualTo(created.getMetadata().getLabels());
      assertThat(ScaleSubresource.writes().stream().filter(w -> w.startsWith("PUT " + path)))
          .as("one scale call for the one step")
          .containsExactly("PUT " + path + " 2");
    } finally {
      engine.stop(0);
    }
  }

  /**
   * With {@code autoscaling.dryRun} the status shows the decision and its measured reason and an
   * event recommends it, but the replicas stay; turning the dry run off acts on it through the
   * scale subresource.
   */
  @Test
  void aDryRunReportsTheDecisionAndItsReasonWithoutScaling() throws Exception {
    String ns = "xp-dry-run";
    String path = "/apis/apps/v1/namespaces/" + ns + "/deployments/self-hosted-llama-8b";
    HttpServer engine = slowEngine(); // 1-2.5 s to first token against a 400 ms target
    try {
      ExpertPool pool =
          Serialization.unmarshal(
              java.nio.file.Files.readString(
                      io.switchboard.api.validation.RepoPaths.root()
                          .resolve("policies/pools/vllm-moe-pool.yaml"))
                  .replace("maxQueueDepth: 8", "maxQueueDepth: 8\n        dryRun: true"),
              ExpertPool.class);
      assertThat(pool.getSpec().experts().get(0).autoscaling().dryRun()).isTrue();
      pool.getMetadata().setNamespace(ns);
      client.resource(pool).create();
      var deployments = client.apps().deployments().inNamespace(ns);
      await()
          .atMost(TIMEOUT)
          .until(() -> deployments.withName("self-hosted-llama-8b").get(), d -> d != null);
      publishEndpoints(ns, "self-hosted-llama-8b", engine.getAddress().getPort());

      await()
          .atMost(TIMEOUT)
          .untilAsserted(
              () -> {
                var status = llamaStatus(ns);
                assertThat(status.desiredReplicas()).isEqualTo(2);
                assertThat(status.scalingReason())
                    .startsWith("dry run, replicas stay at 1: TTFT p95 ")
                    .contains(" ms > 400 ms target")
                    .contains("over 1 replica (metrics of 1 replica)");
              });
      await()
          .atMost(TIMEOUT)
          .untilAsserted(
              () ->
                  assertThat(client.v1().events().inNamespace(ns).list().getItems())
                      .anySatisfy(
                          e -> {
                            assertThat(e.getReason()).isEqualTo("ScaleRecommended");
                            assertThat(e.getMessage())
                                .startsWith("llama-8b: dry run, would scale 1 -> 2 replicas; ");
                          }));
      Thread.sleep(3000); // more windows, each recommending again
      assertThat(deployments.withName("self-hosted-llama-8b").get().getSpec().getReplicas())
          .isEqualTo(1);
      assertThat(ScaleSubresource.writes()).noneMatch(w -> w.startsWith("PUT " + path));
      assertThat(client.v1().events().inNamespace(ns).list().getItems())
          .noneMatch(e -> e.getReason().equals("ScaledUp"));

      client
          .resources(ExpertPool.class)
          .inNamespace(ns)
          .withName("self-hosted")
          .patch(
              io.fabric8.kubernetes.client.dsl.base.PatchContext.of(
                  io.fabric8.kubernetes.client.dsl.base.PatchType.JSON),
              "[{\"op\": \"replace\", \"path\": \"/spec/experts/0/autoscaling/dryRun\","
                  + " \"value\": false}]");
      await()
          .atMost(TIMEOUT)
          .untilAsserted(
              () -> {
                assertThat(ScaleSubresource.writes()).anyMatch(w -> w.startsWith("PUT " + path));
                assertThat(
                        deployments.withName("self-hosted-llama-8b").get().getSpec().getReplicas())
                    .isGreaterThanOrEqualTo(2);
                assertThat(llamaStatus(ns).scalingReason()).startsWith("TTFT p95 ");
              });
    } finally {
      engine.stop(0);
    }
  }

  private io.switchboard.api.v1alpha1.expertpool.ExpertStatus llamaStatus(String ns) {
    ExpertPool current =
        client.resources(ExpertPool.class).inNamespace(ns).withName("self-hosted").get();
    return current.getStatus().getExperts().stream()
        .filter(e -> e.name().equals("llama-8b"))
        .findFirst()
        .orElseThrow();
  }
}
