package io.switchboard.operator.routingpolicy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.switchboard.api.v1alpha1.budget.Budget;
import io.switchboard.api.v1alpha1.expertpool.ExpertPool;
import io.switchboard.api.v1alpha1.routingpolicy.RoutingPolicy;
import io.switchboard.operator.PolicyFiles;
import io.switchboard.operator.support.KubeNames;
import io.switchboard.router.config.RouterConfigCodec;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** RoutingPolicy reconciliation against the Fabric8 mock API server in CRUD mode. */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
class RoutingPolicyReconcilerTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  @Inject KubernetesClient client;

  @org.junit.jupiter.api.BeforeEach
  void installCrds() {
    io.switchboard.operator.CrdInstaller.install(client);
  }

  @Test
  void policyGetsRenderedConfigMapGatewayAndValidStatus() throws Exception {
    String ns = "rp-render";
    create(ns, PolicyFiles.read("pools/hybrid-pool.yaml", ExpertPool.class));
    create(ns, PolicyFiles.read("routing/weighted.yaml", RoutingPolicy.class));

    ConfigMap configMap =
        await()
            .atMost(TIMEOUT)
            .until(
                () ->
                    client
                        .configMaps()
                        .inNamespace(ns)
                        .withName("chat-weighted-router-config")
                        .get(),
                cm -> cm != null);
    var config = new RouterConfigCodec().parse(configMap.getData().get(RouterWorkloads.CONFIG_KEY));
    assertThat(config.policy().virtualModel()).isEqualTo("chat");
    // The routers' control endpoints take the policy's token (the key file of the test config).
    assertThat(config.policy().controlTokenSha256()).hasSize(64);
    assertThat(config.experts())
        .extracting(e -> e.name())
        .containsExactly("llama-8b", "mixtral", "gpt-4o-mini", "gpt-4o");
    assertThat(configMap.getMetadata().getAnnotations()).containsKey(RouterWorkloads.CONFIG_HASH);
    assertThat(configMap.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.getKind()).isEqualTo("RoutingPolicy");
              assertThat(o.getController()).isTrue();
            });

    Deployment gateway =
        await()
            .atMost(TIMEOUT)
            .until(
                () ->
                    client
                        .apps()
                        .deployments()
                        .inNamespace(ns)
                        .withName("chat-weighted-router")
                        .get(),
                d -> d != null);
    assertThat(gateway.getSpec().getReplicas()).isEqualTo(3);
    var container = gateway.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(container.getVolumeMounts())
        .anySatisfy(
            m -> assertThat(m.getMountPath()).isEqualTo("/var/run/secrets/switchboard/openai-key"));
    assertThat(container.getVolumeMounts()).allSatisfy(m -> assertThat(m.getSubPath()).isNull());
    // The encoder table cache lives on the writable state volume (the root filesystem is
    // read-only).
    assertThat(container.getEnv())
        .anySatisfy(
            e -> {
              assertThat(e.getName()).isEqualTo("SWITCHBOARD_ROUTER_ENCODER_CACHE_DIR");
              assertThat(e.getValue())
                  .startsWith(
                      container.getVolumeMounts().stream()
                              .filter(m -> m.getName().equals(RouterWorkloads.STATE_VOLUME))
                              .findFirst()
                              .orElseThrow()
                              .getMountPath()
                          + "/");
            });
    Service service = client.services().inNamespace(ns).withName("chat-weighted-router").get();
    assertThat(service).isNotNull();

    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> {
              RoutingPolicy current =
                  client
                      .resources(RoutingPolicy.class)
                      .inNamespace(ns)
                      .withName("chat-weighted")
                      .get();
              assertThat(current.getStatus()).isNotNull();
              assertThat(current.getStatus().isTrue("Valid")).isTrue();
              assertThat(current.getStatus().getConfigHash())
                  .isEqualTo(
                      configMap.getMetadata().getAnnotations().get(RouterWorkloads.CONFIG_HASH));
              assertThat(current.getStatus().getActiveExperts())
                  .containsExactly("gpt-4o", "gpt-4o-mini");
              assertThat(current.getStatus().getObservedGeneration())
                  .isEqualTo(current.getMetadata().getGeneration());
            });
  }

  @Test
  void editingThePoolReRendersTheConfig() {
    String ns = "rp-pool-edit";
    ExpertPool pool = PolicyFiles.read("pools/hybrid-pool.yaml", ExpertPool.class);
    create(ns, pool);
    RoutingPolicy policy = PolicyFiles.read("routing/weighted.yaml", RoutingPolicy.class);
    create(ns, policy);
    String before = await().atMost(TIMEOUT).until(() -> hash(ns), h -> h != null);

    await()
        .atMost(TIMEOUT)
        .ignoreExceptions()
        .untilAsserted(
            () -> {
              ExpertPool live =
                  client.resources(ExpertPool.class).inNamespace(ns).withName("chat-experts").get();
              var experts = new java.util.ArrayList<>(live.getSpec().experts());
              var first = experts.get(0);
              experts.set(
                  0,
                  new io.switchboard.api.v1alpha1.expertpool.Expert(
                      first.name(),
                      first.runtime(),
                      first.model(),
                      "now with a new description",
                      first.image(),
                      first.gpu(),
                      first.parallelism(),
                      first.engine(),
                      first.replicas(),
                      first.capabilities(),
                      first.pricing(),
                      first.endpoint(),
                      first.autoscaling(),
                      first.modelCache(),
                      first.simulation()));
              live.setSpec(new io.switchboard.api.v1alpha1.expertpool.ExpertPoolSpec(experts));
              client.resource(live).update();
            });

    await().atMost(TIMEOUT).until(() -> hash(ns), h -> h != null && !h.equals(before));
    ConfigMap configMap =
        client.configMaps().inNamespace(ns).withName("chat-weighted-router-config").get();
    assertThat(configMap.getData().get(RouterWorkloads.CONFIG_KEY))
        .contains("now with a new description");
  }

  @Test
  void unknownExpertMakesPolicyInvalidWithAWarningEventAndNoConfig() {
    String ns = "rp-invalid";
    create(ns, PolicyFiles.read("pools/vllm-moe-pool.yaml", ExpertPool.class));
    // capability.yaml falls back to llama-8b, which exists; point its fallback at a missing expert.
    RoutingPolicy policy = PolicyFiles.read("routing/capability.yaml", RoutingPolicy.class);
    var spec = policy.getSpec();
    policy.setSpec(
        new io.switchboard.api.v1alpha1.routingpolicy.RoutingPolicySpec(
            spec.poolRef(),
            spec.mode(),
            spec.virtualModel(),
            spec.experts(),
            spec.allowDirectExpertSelection(),
            spec.cascade(),
            spec.bandit(),
            spec.llm(),
            spec.federated(),
            spec.capability(),
            spec.classifier(),
            spec.weighted(),
            spec.embedding(),
            spec.rewardWeights(),
            java.util.List.of("gpt-5"),
            spec.retries(),
            spec.timeouts(),
            spec.shadow(),
            spec.router(),
            spec.budgetRef(),
            spec.auth()));
    create(ns, policy);

    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> {
              RoutingPolicy current =
                  client
                      .resources(RoutingPolicy.class)
                      .inNamespace(ns)
                      .withName("docs-capability")
                      .get();
              assertThat(current.getStatus()).isNotNull();
              var valid = current.getStatus().condition("Valid").orElseThrow();
              assertThat(valid.getStatus()).isEqualTo("False");
              assertThat(valid.getReason()).isEqualTo("InvalidReference");
              assertThat(valid.getMessage())
                  .contains("spec.fallback: expert 'gpt-5' is not in ExpertPool self-hosted");
              assertThat(client.v1().events().inNamespace(ns).list().getItems())
                  .extracting(Event::getReason)
                  .contains("InvalidReference");
            });
    assertThat(client.configMaps().inNamespace(ns).withName("docs-capability-router-config").get())
        .isNull();
  }

  @Test
  void aClassifierModelIsCheckedLikeTheRouterLoadsIt() throws Exception {
    String ns = "rp-classifier";
    create(ns, PolicyFiles.read("pools/hybrid-pool.yaml", ExpertPool.class));
    RoutingPolicy policy = PolicyFiles.read("routing/classifier.yaml", RoutingPolicy.class);
    create(ns, policy);
    String name = policy.getMetadata().getName();

    awaitInvalid(
        ns,
        name,
        "ClassifierModelInvalid",
        "spec.classifier.modelRef: ConfigMap mmlu-router does not exist in namespace " + ns);
    assertThat(client.configMaps().inNamespace(ns).withName(name + "-router-config").get())
        .isNull();

    // A model trained with the static encoder, while the policy embeds with the default (MiniLM):
    // refused.
    create(
        ns,
        new io.fabric8.kubernetes.api.model.ConfigMapBuilder()
            .withNewMetadata()
            .withName("mmlu-router")
            .endMetadata()
            .addToData("model.json", model("minilm-static-tail128.json"))
            .build());
    awaitInvalid(
        ns,
        name,
        "ClassifierModelInvalid",
        "spec.classifier.modelRef: ConfigMap mmlu-router key model.json is not a"
            + " usable classifier model: the model was trained with encoder minilm-static/tail128 but the policy embeds with"
            + " minilm/tail128");

    String miniLmModel = model("minilm-tail128.json");
    client
        .configMaps()
        .inNamespace(ns)
        .withName("mmlu-router")
        .edit(
            cm -> {
              cm.getData().put("model.json", miniLmModel);
              return cm;
            });
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> {
              RoutingPolicy current =
                  client.resources(RoutingPolicy.class).inNamespace(ns).withName(name).get();
              assertThat(current.getStatus().isTrue("Valid")).isTrue();
              assertThat(
                      client.configMaps().inNamespace(ns).withName(name + "-router-config").get())
                  .isNotNull();
            });
  }

  /**
   * A fake router replica on loopback answering each path with what its supplier gives at that
   * moment.
   */
  private static com.sun.net.httpserver.HttpServer fakeRouter(
      Map<String, java.util.function.Supplier<String>> bodies) throws java.io.IOException {
    com.sun.net.httpserver.HttpServer router =
        com.sun.net.httpserver.HttpServer.create(
            new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
    bodies.forEach(
        (path, body) ->
            router.createContext(
                path,
                exchange -> {
                  byte[] bytes = body.get().getBytes(java.nio.charset.StandardCharsets.UTF_8);
                  exchange.sendResponseHeaders(200, bytes.length);
                  exchange.getResponseBody().write(bytes);
                  exchange.close();
                }));
    router.start();
    return router;
  }

  /**
   * The weighted example policy on the hybrid pool, with {@code router} as its one ready gateway
   * replica.
   */
  private void weightedPolicyServedBy(String ns, com.sun.net.httpserver.HttpServer router) {
    create(ns, PolicyFiles.read("pools/hybrid-pool.yaml", ExpertPool.class));
    create(ns, PolicyFiles.read("routing/weighted.yaml", RoutingPolicy.class));
    // What the endpoints controller would publish for the gateway's ready pods: the fake serves
    // the management port (metrics, readiness) and the API port alike.
    for (String service : List.of("chat-weighted-router", "chat-weighted-router-management")) {
      create(
          ns,
          new io.fabric8.kubernetes.api.model.EndpointsBuilder()
              .withNewMetadata()
              .withName(service)
              .endMetadata()
              .addNewSubset()
              .addNewAddress()
              .withIp("127.0.0.1")
              .endAddress()
              .addNewPort()
              .withName("http")
              .withPort(router.getAddress().getPort())
              .endPort()
              .endSubset()
              .build());
    }
  }

  private void awaitInvalid(String ns, String name, String reason, String message) {
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> {
              RoutingPolicy current =
                  client.resources(RoutingPolicy.class).inNamespace(ns).withName(name).get();
              assertThat(current.getStatus()).isNotNull();
              var valid = current.getStatus().condition("Valid").orElseThrow();
              assertThat(valid.getStatus()).isEqualTo("False");
              assertThat(valid.getReason()).isEqualTo(reason);
              assertThat(valid.getMessage()).startsWith(message);
            });
  }

  /**
   * A tiny trained model (two experts, toy embeddings) as {@code switchboard-eval train} writes it:
   * the default encoder ({@code minilm-tail128.json}) or the static one ({@code
   * minilm-static-tail128.json}), both for a 128-token tail.
   */
  private static String model(String file) throws IOException {
    try (InputStream in =
        RoutingPolicyReconcilerTest.class.getResourceAsStream("/classifier-models/" + file)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void routersThatRefuseThePublishedConfigMakeThePolicyDegradedWithTheirReason() throws Exception {
    String ns = "rp-refused";
    var accepts = new java.util.concurrent.atomic.AtomicBoolean();
    com.sun.net.httpserver.HttpServer router =
        fakeRouter(
            Map.of(
                "/q/metrics",
                () -> {
                  RoutingPolicy current =
                      client
                          .resources(RoutingPolicy.class)
                          .inNamespace(ns)
                          .withName("chat-weighted")
                          .get();
                  String published =
                      current == null || current.getStatus() == null
                          ? null
                          : current.getStatus().getConfigHash();
                  String serving =
                      accepts.get() && published != null
                          ? published
                          : "0123456789ab".repeat(5) + "0123";
                  return RouterScrapeTest.exposition(1, 1, 2, 0.001, 2)
                          .replace("policy=\"chat\"", "policy=\"chat-weighted\"")
                      + "switchboard_router_config_active{sha256=\""
                      + serving
                      + "\"} 1.0\n"
                      + "switchboard_router_config_refused "
                      + (accepts.get() ? "0.0" : "1.0")
                      + "\n";
                },
                "/q/health/ready",
                () ->
                    "{\"status\":\"UP\",\"checks\":[{\"name\":\"router-config\",\"status\":\"UP\",\"data\":"
                        + "{\"lastReloadError\":\"config refused while building the router: cannot load classifier model\"}}]}"));
    try {
      weightedPolicyServedBy(ns, router);

      await()
          .atMost(TIMEOUT)
          .untilAsserted(
              () -> {
                RoutingPolicy current =
                    client
                        .resources(RoutingPolicy.class)
                        .inNamespace(ns)
                        .withName("chat-weighted")
                        .get();
                assertThat(current.getStatus()).isNotNull();
                assertThat(current.getStatus().condition("Degraded")).isPresent();
                var degraded = current.getStatus().condition("Degraded").orElseThrow();
                assertThat(degraded.getStatus()).isEqualTo("True");
                assertThat(degraded.getReason()).isEqualTo("RouterConfigRefused");
                assertThat(degraded.getMessage())
                    .isEqualTo(
                        "1 of 1 router replica(s) refused configuration "
                            + current.getStatus().getConfigHash().substring(0, 12)
                            + " and still serve 0123456789ab; 127.0.0.1:"
                            + router.getAddress().getPort()
                            + ": config refused while building the router: cannot load classifier model");
              });
      assertThat(client.v1().events().inNamespace(ns).list().getItems())
          .filteredOn(e -> "RouterConfigRefused".equals(e.getReason()))
          .hasSize(1);

      accepts.set(true);
      await()
          .atMost(TIMEOUT)
          .untilAsserted(
              () -> {
                RoutingPolicy current =
                    client
                        .resources(RoutingPolicy.class)
                        .inNamespace(ns)
                        .withName("chat-weighted")
                        .get();
                assertThat(current.getStatus().condition("Degraded"))
                    .hasValueSatisfying(c -> assertThat(c.getStatus()).isEqualTo("False"));
              });
    } finally {
      router.stop(0);
    }
  }

  @Test
  void missingPoolIsReportedNotRetriedInALoop() {
    String ns = "rp-nopool";
    create(ns, PolicyFiles.read("routing/cascade.yaml", RoutingPolicy.class));
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> {
              RoutingPolicy current =
                  client
                      .resources(RoutingPolicy.class)
                      .inNamespace(ns)
                      .withName("support-cascade")
                      .get();
              assertThat(current.getStatus()).isNotNull();
              assertThat(current.getStatus().condition("Valid").orElseThrow().getReason())
                  .isEqualTo("PoolNotFound");
            });
    // Creating the pool later is enough: the pool informer triggers the policy again.
    create(ns, PolicyFiles.read("pools/hybrid-pool.yaml", ExpertPool.class));
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> {
              RoutingPolicy current =
                  client
                      .resources(RoutingPolicy.class)
                      .inNamespace(ns)
                      .withName("support-cascade")
                      .get();
              // The cascade example also names a budget that does not exist here.
              assertThat(current.getStatus().condition("Valid").orElseThrow().getMessage())
                  .contains("Budget team-monthly does not exist");
            });
  }

  @Test
  void liveRoutingSummaryComesFromTheGatewayRoutersMetrics() throws Exception {
    String ns = "rp-summary";
    var served = new java.util.concurrent.atomic.AtomicInteger();
    com.sun.net.httpserver.HttpServer router =
        fakeRouter(
            Map.of(
                "/q/metrics",
                () -> {
                  int n = served.incrementAndGet();
                  return RouterScrapeTest.exposition(
                          10.0 * n, 2.0 * n, 12.0 * n, 0.012 * n, 12.0 * n)
                      .replace("policy=\"chat\"", "policy=\"chat-weighted\"");
                }));
    try {
      weightedPolicyServedBy(ns, router);

      await()
          .atMost(TIMEOUT)
          .untilAsserted(
              () -> {
                RoutingPolicy current =
                    client
                        .resources(RoutingPolicy.class)
                        .inNamespace(ns)
                        .withName("chat-weighted")
                        .get();
                assertThat(current.getStatus()).isNotNull();
                assertThat(current.getStatus().getRouting()).isNotNull();
                var summary = current.getStatus().getRouting();
                // Each read adds 10 small + 2 large decisions and 12 requests costing $0.012: $1
                // per 1k requests.
                assertThat(
                        summary.decisions().get("small")
                            / (double) summary.decisions().get("large"))
                    .isEqualTo(5.0);
                assertThat(summary.costPer1kRequestsUsd()).isEqualTo(1.0);
                assertThat(summary.windowSeconds()).isPositive();
              });
    } finally {
      router.stop(0);
    }
  }

  @Test
  void banditReplicasGetEachOthersLearnedStateFromTheOperator() throws Exception {
    String ns = "rp-learning";
    java.util.Map<Integer, String> received = new java.util.concurrent.ConcurrentHashMap<>();
    java.util.Set<String> unauthorized = java.util.concurrent.ConcurrentHashMap.newKeySet();
    RoutingPolicy identity = new RoutingPolicy();
    identity.setMetadata(
        new io.fabric8.kubernetes.api.model.ObjectMetaBuilder()
            .withNamespace(ns)
            .withName("assistant-bandit")
            .build());
    RouterControlTokens tokens =
        new RouterControlTokens(
            java.util.Optional.of(java.nio.file.Path.of("src/test/resources/router-control.key")));
    String bearer = "Bearer " + tokens.token(identity).orElseThrow();
    List<com.sun.net.httpserver.HttpServer> replicas = new java.util.ArrayList<>();
    for (String who : List.of("A", "B", "C")) {
      com.sun.net.httpserver.HttpServer replica =
          com.sun.net.httpserver.HttpServer.create(
              new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
      // C runs another model space (a rollout in progress): it must not be mixed with A and B.
      String fingerprint = who.equals("C") ? "bandit/linucb/d=9" : "bandit/linucb/d=25";
      // Like a router whose config carries the policy's token hash: without the operator's bearer
      // token, 401.
      com.sun.net.httpserver.Filter requireToken =
          new com.sun.net.httpserver.Filter() {
            @Override
            public void doFilter(com.sun.net.httpserver.HttpExchange exchange, Chain chain)
                throws java.io.IOException {
              if (!bearer.equals(exchange.getRequestHeaders().getFirst("authorization"))) {
                unauthorized.add(exchange.getRequestURI().getPath());
                exchange.sendResponseHeaders(401, -1);
                exchange.close();
                return;
              }
              chain.doFilter(exchange);
            }

            @Override
            public String description() {
              return "bearer token";
            }
          };
      var local =
          replica.createContext(
              "/switchboard/learning/local",
              exchange -> {
                byte[] body =
                    ("{\"fingerprint\":\""
                            + fingerprint
                            + "\",\"state\":{\"learnedBy\":\""
                            + who
                            + "\"}}")
                        .getBytes();
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
              });
      var peers =
          replica.createContext(
              "/switchboard/learning/peers",
              exchange -> {
                received.put(
                    exchange.getLocalAddress().getPort(),
                    new String(exchange.getRequestBody().readAllBytes()));
                exchange.sendResponseHeaders(204, -1);
                exchange.close();
              });
      local.getFilters().add(requireToken);
      peers.getFilters().add(requireToken);
      replica.start();
      replicas.add(replica);
    }
    try {
      create(ns, PolicyFiles.read("pools/hybrid-pool.yaml", ExpertPool.class));
      // The example runs sidecars; as a gateway its replicas are listed by the gateway's Endpoints.
      String yaml =
          java.nio.file.Files.readString(
                  io.switchboard.api.validation.RepoPaths.root()
                      .resolve("policies/routing/bandit.yaml"))
              .replace(
                  "type: sidecar\n    workloadSelector:\n      matchLabels: {app: assistant-frontend}",
                  "type: gateway");
      RoutingPolicy bandit =
          io.fabric8.kubernetes.client.utils.Serialization.unmarshal(yaml, RoutingPolicy.class);
      assertThat(RoutingPolicyReconciler.isGateway(bandit)).isTrue();
      create(ns, bandit);
      var endpoints =
          new io.fabric8.kubernetes.api.model.EndpointsBuilder()
              .withNewMetadata()
              .withName(KubeNames.gateway("assistant-bandit"))
              .endMetadata();
      for (var replica : replicas) {
        endpoints
            .addNewSubset()
            .addNewAddress()
            .withIp("127.0.0.1")
            .endAddress()
            .addNewPort()
            .withName("http")
            .withPort(replica.getAddress().getPort())
            .endPort()
            .endSubset();
      }
      create(ns, endpoints.build());

      await().atMost(TIMEOUT).untilAsserted(() -> assertThat(received).hasSize(3));
      int a = replicas.get(0).getAddress().getPort();
      int b = replicas.get(1).getAddress().getPort();
      int c = replicas.get(2).getAddress().getPort();
      var json = new com.fasterxml.jackson.databind.ObjectMapper();
      var toA = json.readTree(received.get(a));
      assertThat(toA.path("fingerprint").asText()).isEqualTo("bandit/linucb/d=25");
      assertThat(toA.path("peers").size()).isEqualTo(1);
      assertThat(toA.path("peers").path("127.0.0.1:" + b).path("learnedBy").asText())
          .isEqualTo("B");
      assertThat(
              json.readTree(received.get(b))
                  .path("peers")
                  .path("127.0.0.1:" + a)
                  .path("learnedBy")
                  .asText())
          .isEqualTo("A");
      assertThat(json.readTree(received.get(c)).path("peers").size()).isZero();
      assertThat(unauthorized).isEmpty();
      // The routers' config carries only the hash of that token.
      var config =
          new RouterConfigCodec()
              .parse(
                  client
                      .configMaps()
                      .inNamespace(ns)
                      .withName(KubeNames.routerConfigMap("assistant-bandit"))
                      .get()
                      .getData()
                      .get(RouterWorkloads.CONFIG_KEY));
      assertThat(config.policy().controlTokenSha256())
          .isEqualTo(tokens.tokenSha256(identity).orElseThrow())
          .isNotEqualTo(tokens.token(identity).orElseThrow());
    } finally {
      replicas.forEach(r -> r.stop(0));
    }
  }

  private String hash(String ns) {
    ConfigMap cm =
        client.configMaps().inNamespace(ns).withName("chat-weighted-router-config").get();
    return cm == null ? null : cm.getMetadata().getAnnotations().get(RouterWorkloads.CONFIG_HASH);
  }

  @Test
  void federatedPolicyMountsThePeersKeysAndNamesThemInTheConfig() throws Exception {
    String ns = "rp-federated";
    create(ns, PolicyFiles.read("pools/vllm-moe-pool.yaml", ExpertPool.class));
    create(ns, PolicyFiles.read("routing/federated.yaml", RoutingPolicy.class));

    ConfigMap configMap =
        await()
            .atMost(TIMEOUT)
            .until(
                () ->
                    client
                        .configMaps()
                        .inNamespace(ns)
                        .withName(KubeNames.routerConfigMap("global-federated"))
                        .get(),
                cm -> cm != null);
    var config = new RouterConfigCodec().parse(configMap.getData().get(RouterWorkloads.CONFIG_KEY));
    assertThat(config.policy().params().federated().peers())
        .extracting(p -> p.apiKeyFile())
        .containsExactly(
            "/var/run/secrets/switchboard/federation-eu-west/api-key",
            "/var/run/secrets/switchboard/federation-us-east/api-key");
    assertThat(config.expert("peer-us-east").orElseThrow().apiKeyFile())
        .isEqualTo("/var/run/secrets/switchboard/federation-us-east/api-key");

    Deployment gateway =
        await()
            .atMost(TIMEOUT)
            .until(
                () ->
                    client
                        .apps()
                        .deployments()
                        .inNamespace(ns)
                        .withName(KubeNames.gateway("global-federated"))
                        .get(),
                d -> d != null);
    var pod = gateway.getSpec().getTemplate().getSpec();
    assertThat(pod.getVolumes())
        .filteredOn(v -> v.getSecret() != null)
        .extracting(v -> v.getSecret().getSecretName())
        .containsExactly("federation-eu-west", "federation-us-east");
    assertThat(pod.getContainers().get(0).getVolumeMounts())
        .extracting(m -> m.getMountPath())
        .contains(
            "/var/run/secrets/switchboard/federation-eu-west",
            "/var/run/secrets/switchboard/federation-us-east");
  }

  @Test
  void switchingToSidecarRoutersRemovesTheGatewayAndKeepsTheConfig() throws Exception {
    String ns = "rp-to-sidecar";
    create(ns, PolicyFiles.read("pools/hybrid-pool.yaml", ExpertPool.class));
    create(ns, PolicyFiles.read("routing/weighted.yaml", RoutingPolicy.class));
    await()
        .atMost(TIMEOUT)
        .until(
            () -> client.services().inNamespace(ns).withName("chat-weighted-router").get(),
            svc -> svc != null);

    String yaml =
        java.nio.file.Files.readString(
                io.switchboard.api.validation.RepoPaths.root()
                    .resolve("policies/routing/weighted.yaml"))
            .replace(
                "type: gateway\n    replicas: 3",
                "type: sidecar\n    workloadSelector:\n      matchLabels: {app: chat}");
    RoutingPolicy sidecar =
        io.fabric8.kubernetes.client.utils.Serialization.unmarshal(yaml, RoutingPolicy.class);
    assertThat(RoutingPolicyReconciler.isGateway(sidecar)).isFalse();
    client
        .resources(RoutingPolicy.class)
        .inNamespace(ns)
        .withName("chat-weighted")
        .edit(
            live -> {
              live.setSpec(sidecar.getSpec());
              return live;
            });

    await()
        .atMost(TIMEOUT)
        .until(
            () ->
                client.apps().deployments().inNamespace(ns).withName("chat-weighted-router").get()
                        == null
                    && client.services().inNamespace(ns).withName("chat-weighted-router").get()
                        == null);
    assertThat(client.configMaps().inNamespace(ns).withName("chat-weighted-router-config").get())
        .isNotNull();
    await()
        .atMost(TIMEOUT)
        .until(
            () ->
                client.v1().events().inNamespace(ns).list().getItems().stream()
                    .anyMatch(e -> "GatewayRemoved".equals(e.getReason())));
  }

  @Test
  void everyCoveringBudgetIsAcceptedAndTheMostRestrictiveIsEnforced() throws Exception {
    String ns = "rp-two-budgets";
    create(ns, PolicyFiles.read("pools/hybrid-pool.yaml", ExpertPool.class));
    // downgrade by label selector, reject by budgetRef: within their limits, reject is harsher
    create(ns, PolicyFiles.read("budgets/team-monthly.yaml", Budget.class));
    Budget hourly = PolicyFiles.read("budgets/hourly-reject.yaml", Budget.class);
    create(ns, hourly);
    RoutingPolicy policy = PolicyFiles.read("routing/weighted.yaml", RoutingPolicy.class);
    policy.getMetadata().setLabels(java.util.Map.of("team", "assistants"));
    String yaml =
        io.fabric8.kubernetes.client.utils.Serialization.asYaml(policy)
            .replace("poolRef:", "budgetRef:\n    name: batch-hourly\n  poolRef:");
    create(
        ns, io.fabric8.kubernetes.client.utils.Serialization.unmarshal(yaml, RoutingPolicy.class));

    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> {
              RoutingPolicy live =
                  client
                      .resources(RoutingPolicy.class)
                      .inNamespace(ns)
                      .withName("chat-weighted")
                      .get();
              assertThat(live.getStatus()).isNotNull();
              assertThat(live.getStatus().isTrue("Valid")).isTrue();
              assertThat(live.getStatus().getEnforcingBudget()).isEqualTo("batch-hourly");
            });
    var config =
        new RouterConfigCodec()
            .parse(
                client
                    .configMaps()
                    .inNamespace(ns)
                    .withName("chat-weighted-router-config")
                    .get()
                    .getData()
                    .get(RouterWorkloads.CONFIG_KEY));
    assertThat(config.budget().name()).isEqualTo("batch-hourly");
    await()
        .atMost(TIMEOUT)
        .until(
            () ->
                client.v1().events().inNamespace(ns).list().getItems().stream()
                    .anyMatch(
                        e ->
                            "BudgetApplies".equals(e.getReason())
                                && e.getMessage().contains("batch-hourly")
                                && e.getMessage().contains("of 2 covering")));
  }

  @Test
  void gatewayOpensOnlyTheOpenAiPortToAllAndTheRestToTheOperator() {
    String ns = "rp-netpol";
    create(ns, PolicyFiles.read("pools/hybrid-pool.yaml", ExpertPool.class));
    create(ns, PolicyFiles.read("routing/weighted.yaml", RoutingPolicy.class));

    var np =
        await()
            .atMost(TIMEOUT)
            .until(
                () ->
                    client
                        .network()
                        .v1()
                        .networkPolicies()
                        .inNamespace(ns)
                        .withName("chat-weighted-router")
                        .get(),
                p -> p != null);
    Deployment gateway =
        client.apps().deployments().inNamespace(ns).withName("chat-weighted-router").get();
    assertThat(np.getSpec().getPodSelector().getMatchLabels())
        .isEqualTo(gateway.getSpec().getSelector().getMatchLabels());
    var ingress = np.getSpec().getIngress();
    assertThat(ingress).hasSize(2);
    assertThat(ingress.get(0).getFrom()).isNullOrEmpty();
    assertThat(ingress.get(0).getPorts())
        .singleElement()
        .satisfies(p -> assertThat(p.getPort().getIntVal()).isEqualTo(8080));
    assertThat(ingress.get(1).getPorts()).isNullOrEmpty();
    assertThat(ingress.get(1).getFrom())
        .singleElement()
        .satisfies(
            peer -> {
              assertThat(peer.getNamespaceSelector().getMatchLabels())
                  .containsEntry("kubernetes.io/metadata.name", "switchboard-system");
              assertThat(peer.getPodSelector().getMatchLabels())
                  .containsEntry("app.kubernetes.io/component", "operator");
            });

    // Sidecar routers get none: the gateway's NetworkPolicy goes with the gateway.
    client
        .resources(RoutingPolicy.class)
        .inNamespace(ns)
        .withName("chat-weighted")
        .patch(
            PatchContext.of(PatchType.JSON_MERGE),
            "{\"spec\":{\"router\":{\"type\":\"sidecar\",\"replicas\":null,"
                + "\"workloadSelector\":{\"matchLabels\":{\"app\":\"chat\"}}}}}");
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () ->
                assertThat(
                        client
                            .network()
                            .v1()
                            .networkPolicies()
                            .inNamespace(ns)
                            .withName("chat-weighted-router")
                            .get())
                    .isNull());
  }

  private void create(String ns, HasMetadata resource) {
    resource.getMetadata().setNamespace(ns);
    client.resource(resource).create();
  }
}
