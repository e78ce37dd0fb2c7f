package io.switchboard.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.switchboard.api.v1alpha1.budget.Budget;
import io.switchboard.api.v1alpha1.routingpolicy.RoutingPolicy;
import io.switchboard.api.validation.CrdValidator;
import io.switchboard.e2e.local.LocalCluster;
import io.switchboard.e2e.local.RepoLayout;
import io.switchboard.e2e.run.ControlToken;
import io.switchboard.e2e.run.PolicyEditor;
import io.switchboard.e2e.run.QuickstartTenant;
import io.switchboard.e2e.run.RouterClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The whole path over real HTTP and real processes: quickstart CRs applied to the Fabric8 mock API
 * server (not a real cluster) → the real operator renders Deployments/Services/ConfigMaps → the
 * local kubelet runs the router and the simulated experts → requests are routed as the policy says.
 * The steps share one system (starting it costs most of the time), so they run in order.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WholeSystemTest {

  /**
   * The Secret the operator generates the router control key into when the install names no key of
   * its own (the chart's default), in the operator's namespace.
   */
  static RepoLayout repo;

  static LocalCluster cluster;
  static KubernetesClient client;

  @BeforeAll
  static void startSystem() throws Exception {
    repo = RepoLayout.locate();
    assumeTrue(repo.hasData("routerbench_subset"), "recorded data absent: " + repo.dataDir());
    Path runDir = repo.root().resolve("e2e/target/e2e-run");
    // No control key file, as the chart installs by default: the operator generates the key into
    // a Secret; its tokens open the routers' control endpoints, and it keeps their durable state.
    Files.createDirectories(runDir);
    cluster =
        LocalCluster.start(
            repo,
            runDir,
            repo.dataDir(),
            Map.of(
                // A departed router's state is handed on after 6 s rather than 2 minutes.
                "SWITCHBOARD_OPERATOR_ROUTER_STATE_HANDOFF_AFTER", "6s"));
    client = cluster.client();
    cluster.apply(repo.policies("quickstart"));
    await()
        .atMost(Duration.ofSeconds(150))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () -> {
              RoutingPolicy p =
                  client
                      .resources(RoutingPolicy.class)
                      .inNamespace("default")
                      .withName("quickstart")
                      .get();
              return p != null
                  && p.getStatus() != null
                  && p.getStatus().isTrue("Ready")
                  && p.getStatus().getActiveExperts().size() == 4;
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
    Deployment expert =
        client.apps().deployments().inNamespace("default").withName("quickstart-mistral-7b").get();
    assertThat(expert.getSpec().getTemplate().getMetadata().getLabels())
        .containsEntry("switchboard.io/pool", "quickstart")
        .containsEntry("switchboard.io/expert-name", "mistral-7b")
        .containsEntry("switchboard.io/runtime", "simulated");
    Map<String, String> env =
        expert.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
            .filter(e -> e.getValue() != null)
            .collect(Collectors.toMap(e -> e.getName(), e -> e.getValue()));
    assertThat(env)
        .containsEntry("SIM_DATASET", "routerbench_subset")
        .containsEntry("SIM_TIME_SCALE", "0.2")
        .containsKey("SIM_MODEL");
    assertThat(client.services().inNamespace("default").withName("quickstart-mistral-7b").get())
        .isNotNull();
    ConfigMap config =
        client.configMaps().inNamespace("default").withName("quickstart-router-config").get();
    assertThat(config.getMetadata().getAnnotations()).containsKey("switchboard.io/config-hash");
    assertThat(config.getData().get("router.json"))
        .contains("http://quickstart-mistral-7b.default.svc:8000")
        .contains("\"weighted\"");
    assertThat(
            client.apps().deployments().inNamespace("default").withName("quickstart-router").get())
        .isNotNull();
  }

  @Test
  @Order(2)
  void weightedRoutingFollowsTheWeights() {
    RouterClient router = router();
    int n = 400; // bounds below are about 4 standard deviations of a binomial share
    ExecutorService clients = Executors.newFixedThreadPool(8);
    List<java.util.concurrent.Future<RouterClient.Reply>> calls = new java.util.ArrayList<>();
    for (int i = 0; i < n; i++) {
      int id = i;
      calls.add(clients.submit(() -> router.chat("What is 2 + " + id + "?", "w-" + id, 16)));
    }
    List<RouterClient.Reply> replies =
        calls.stream()
            .map(
                f -> {
                  try {
                    return f.get(60, TimeUnit.SECONDS);
                  } catch (Exception e) {
                    throw new IllegalStateException(e);
                  }
                })
            .toList();
    clients.shutdown();
    assertThat(replies).allSatisfy(r -> assertThat(r.ok()).as("reply %s", r).isTrue());
    Map<String, Long> shares =
        replies.stream()
            .collect(Collectors.groupingBy(RouterClient.Reply::expert, Collectors.counting()));
    assertThat(shares)
        .as("replies per expert")
        .containsOnlyKeys("mistral-7b", "mixtral", "gpt-35", "gpt-4");
    assertThat(shares.get("mistral-7b") / (double) n).isBetween(0.30, 0.50);
    assertThat(shares.get("mixtral") / (double) n).isBetween(0.21, 0.39);
    assertThat(shares.get("gpt-35") / (double) n).isBetween(0.12, 0.28);
    assertThat(shares.get("gpt-4") / (double) n).isBetween(0.04, 0.17);

    // The operator reads the router through the gateway's Endpoints: the live summary and the
    // Budget's spend
    // follow what the router itself accounted (it started after the Budget, so all of its spend
    // counts).
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              double routerCost = control("quickstart").usage().path("totalCostUsd").asDouble();
              Budget budget =
                  client
                      .resources(Budget.class)
                      .inNamespace("default")
                      .withName("quickstart")
                      .get();
              assertThat(routerCost).isPositive();
              // The unrounded sum of the operator's rounds follows the router's ledger to
              // floating-point error.
              assertThat(budget.getStatus().getSpentUsdUnrounded())
                  .isCloseTo(routerCost, org.assertj.core.api.Assertions.within(1e-9));
              assertThat(budget.getStatus().getSpentTokens()).isPositive();
              assertThat(editorStatus().getRouting()).isNotNull();
              assertThat(editorStatus().getRouting().decisions())
                  .containsKeys("mistral-7b", "gpt-4");
            });
  }

  @Test
  @Order(3)
  void kubeletMaterialisesTheRouterConfigWithKubeletLayoutAndLoopbackDns() throws Exception {
    Path volume =
        cluster
            .kubelet()
            .configMapVolume("quickstart-router", "quickstart-router-config")
            .orElseThrow();
    assertThat(Files.isSymbolicLink(volume.resolve("..data"))).isTrue();
    assertThat(Files.readSymbolicLink(volume.resolve("router.json")))
        .isEqualTo(Path.of("..data", "router.json"));
    assertThat(Files.readSymbolicLink(volume.resolve("..data")).toString()).startsWith("..");
    String served = Files.readString(volume.resolve("router.json"));
    int mistralPort =
        cluster.kubelet().dns().resolve("default", "quickstart-mistral-7b", 8000).orElseThrow();
    assertThat(served).contains("http://127.0.0.1:" + mistralPort).doesNotContain(".svc:");

    // The router reports the SHA-256 of the file it serves and no refusal, so the policy is not
    // Degraded (a refusal
    // would show as Degraded=True RouterConfigRefused). On a real kubelet that hash is the one the
    // operator
    // published; this local kubelet rewrites service DNS names to loopback ports, so it is the
    // served file's.
    String servedHash =
        java.util.HexFormat.of()
            .formatHex(
                java.security.MessageDigest.getInstance("SHA-256")
                    .digest(Files.readAllBytes(volume.resolve("router.json"))));
    // Metrics answer on the management port, behind the headless management Service; the
    // gateway Service, which clients reach, does not expose that port and 404s the path.
    var http = java.net.http.HttpClient.newHttpClient();
    String gatewayUrl = cluster.kubelet().serviceUrl("quickstart-router", 80).orElseThrow();
    assertThat(
            http.send(
                    java.net.http.HttpRequest.newBuilder(
                            java.net.URI.create(gatewayUrl + "/q/metrics"))
                        .build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString())
                .statusCode())
        .isEqualTo(404);
    assertThat(client.services().inNamespace("default").withName("quickstart-router").get())
        .satisfies(
            service ->
                assertThat(service.getSpec().getPorts())
                    .extracting(io.fabric8.kubernetes.api.model.ServicePort::getPort)
                    .containsExactly(80));
    String metrics =
        http.send(
                java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(
                            cluster
                                    .kubelet()
                                    .serviceUrl("quickstart-router-management", 9000)
                                    .orElseThrow()
                                + "/q/metrics"))
                    .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString())
            .body();
    assertThat(metrics)
        .contains("switchboard_router_config_active{sha256=\"" + servedHash + "\"} 1.0")
        .contains("switchboard_router_config_refused 0.0");
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(editorStatus().condition("Degraded"))
                    .hasValueSatisfying(c -> assertThat(c.getStatus()).isEqualTo("False")));
  }

  @Test
  @Order(4)
  void editingThePolicyChangesRoutingWithoutDroppingRequests() throws Exception {
    PolicyEditor editor = new PolicyEditor(client, "default", "quickstart");
    RouterClient router = router();
    String before = editor.current().getStatus().getConfigHash();
    AtomicBoolean running = new AtomicBoolean(true);
    List<RouterClient.Reply> during = new CopyOnWriteArrayList<>();
    ExecutorService load = Executors.newFixedThreadPool(4);
    AtomicInteger ids = new AtomicInteger();
    for (int t = 0; t < 4; t++) {
      load.submit(
          () -> {
            while (running.get()) {
              during.add(
                  router.chat(
                      "Name a prime number above " + ids.get(),
                      "edit-" + ids.incrementAndGet(),
                      8));
            }
          });
    }
    Thread.sleep(500);
    long generation =
        editor.editSpec(
            spec -> {
              spec.putObject("weighted")
                  .putArray("weights")
                  .add(weight("mistral-7b", 0))
                  .add(weight("mixtral", 0))
                  .add(weight("gpt-35", 100))
                  .add(weight("gpt-4", 0));
              return spec;
            });
    String after = editor.awaitRendered(generation, before, Duration.ofSeconds(60));
    assertThat(after).isNotEqualTo(before);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                java.util.stream.IntStream.range(0, 10)
                    .mapToObj(i -> router.chat("2+2?", "after-" + i, 4))
                    .allMatch(r -> r.ok() && "gpt-35".equals(r.expert())));
    Thread.sleep(500);
    running.set(false);
    load.shutdown();
    assertThat(load.awaitTermination(60, TimeUnit.SECONDS)).isTrue();

    assertThat(during).hasSizeGreaterThan(20);
    assertThat(during)
        .allSatisfy(r -> assertThat(r.ok()).as("reply during the edit: %s", r).isTrue());
    assertThat(during).extracting(RouterClient.Reply::expert).contains("mistral-7b", "gpt-35");
  }

  @Test
  @Order(5)
  void aCrashedExpertFallsBackWithoutClientErrors() {
    cluster.kubelet().setRestartOnExit("quickstart-gpt-35", false);
    cluster.kubelet().crash("quickstart-gpt-35");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> !cluster.kubelet().isReady("quickstart-gpt-35"));
    RouterClient router = router();
    List<RouterClient.Reply> replies =
        java.util.stream.IntStream.range(0, 20)
            .parallel()
            .mapToObj(i -> router.chat("What is the capital of France? " + i, "crash-" + i, 8))
            .toList();
    // gpt-35 has all the weight; with it gone the router answers from another expert: a fallback
    // when the call
    // failed, or a standby pick once its health check has ejected gpt-35. Either way the client
    // sees no error.
    assertThat(replies)
        .allSatisfy(
            r -> {
              assertThat(r.ok()).as("reply %s", r).isTrue();
              assertThat(r.expert()).isNotEqualTo("gpt-35");
              assertThat(r.decision()).containsAnyOf("fallback", "standby");
            });
    // The kubelet reported the Deployment unready and the operator took the expert out of the
    // active set.
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(editorStatus().getActiveExperts())
                    .doesNotContain("gpt-35")
                    .contains("gpt-4"));
    assertThat(cluster.kubelet().restarts("quickstart-gpt-35")).isZero();
  }

  @Test
  @Order(6)
  void theKubeletRestartsACrashedProcessByDefault() {
    long pid = cluster.kubelet().pid("quickstart-mixtral").orElseThrow();
    cluster.kubelet().crash("quickstart-mixtral");
    await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(300))
        .until(
            () ->
                cluster.kubelet().restarts("quickstart-mixtral") == 1
                    && cluster.kubelet().isReady("quickstart-mixtral"));
    assertThat(cluster.kubelet().pid("quickstart-mixtral").orElseThrow()).isNotEqualTo(pid);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                client
                        .apps()
                        .deployments()
                        .inNamespace("default")
                        .withName("quickstart-mixtral")
                        .get()
                        .getStatus()
                        .getReadyReplicas()
                    == 1);
  }

  @Test
  @Order(7)
  void tenantKeysAreRequiredLimitedAndRotateWithoutARestart() throws Exception {
    String url = cluster.kubelet().serviceUrl("quickstart-router", 80).orElseThrow();
    String demoKey = QuickstartTenant.apiKey(repo);
    RouterClient.Reply anonymous =
        new RouterClient(url, "quickstart", null).chat("hi", "anon-1", 4);
    assertThat(anonymous.status()).isEqualTo(401);
    assertThat(new ObjectMapper().readTree(anonymous.error()).path("error").path("code").asText())
        .isEqualTo("invalid_api_key");
    assertThat(
            new RouterClient(url, "quickstart", "sk-not-a-tenant").chat("hi", "anon-2", 4).status())
        .isEqualTo(401);

    // Rotation as documented: old key to previousKey, new key to key, in one Secret update. The
    // router re-reads the mounted files in place: same process, both keys valid.
    long pid = cluster.kubelet().pid("quickstart-router").orElseThrow();
    String rotated = ROTATED_KEY;
    putTenantSecret(Map.of("api-key", rotated, "previous-api-key", demoKey));
    RouterClient withRotated = new RouterClient(url, "quickstart", rotated);
    await().atMost(Duration.ofSeconds(30)).until(() -> withRotated.chat("hi", "rot-1", 4).ok());
    assertThat(router().chat("hi", "rot-2", 4).ok()).isTrue();
    // back to the shipped Secret: the rotated key stops working, the demo key keeps working
    putTenantSecret(Map.of("api-key", demoKey));
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> withRotated.chat("hi", "rot-3", 4).status() == 401);
    assertThat(router().chat("hi", "rot-4", 4).ok()).isTrue();
    assertThat(cluster.kubelet().pid("quickstart-router")).contains(pid);

    // Over the tenant's requests per minute: 429 with Retry-After and OpenAI's headers.
    PolicyEditor editor = new PolicyEditor(client, "default", "quickstart");
    String before = editor.current().getStatus().getConfigHash();
    long generation = editor.editSpec(spec -> withRequestsPerMinute(spec, 2));
    editor.awaitRendered(generation, before, Duration.ofSeconds(60));
    java.net.http.HttpResponse<String> limited = null;
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (System.nanoTime() < deadline) {
      java.net.http.HttpResponse<String> r = rawChat(url, demoKey);
      if (r.statusCode() == 429) {
        limited = r;
        break;
      }
      Thread.sleep(100);
    }
    assertThat(limited).as("a 429 once over 2 requests per minute").isNotNull();
    assertThat(limited.headers().firstValue("retry-after")).isPresent();
    assertThat(limited.headers().firstValue("x-ratelimit-limit-requests")).contains("2");
    assertThat(limited.headers().firstValue("x-ratelimit-remaining-requests")).contains("0");
    assertThat(limited.headers().firstValue("x-ratelimit-reset-requests")).isPresent();
    assertThat(limited.body()).contains("\"code\":\"rate_limit_exceeded\"");
    String limitedHash = editor.current().getStatus().getConfigHash();
    long restored = editor.editSpec(spec -> withRequestsPerMinute(spec, 6000));
    editor.awaitRendered(restored, limitedHash, Duration.ofSeconds(60));
    await().atMost(Duration.ofSeconds(30)).until(() -> router().chat("hi", "after-limit", 4).ok());
  }

  /** A key only this run configured, so finding it anywhere can only be a leak. */
  private static final String ROTATED_KEY = "sk-e2e-rotated-" + java.util.UUID.randomUUID();

  @Test
  @Order(8)
  void noConfiguredKeyAppearsInAnyLogEventOrStatus() throws Exception {
    List<String> keys =
        List.of(
            QuickstartTenant.apiKey(repo),
            ROTATED_KEY,
            generatedControlKey(),
            controlToken("quickstart"));
    Path logs = repo.root().resolve("e2e/target/e2e-run/logs");
    List<Path> files;
    try (var walk = Files.walk(logs)) {
      files = walk.filter(Files::isRegularFile).toList();
    }
    assertThat(files).as("captured logs of operator, router and experts").hasSizeGreaterThan(2);
    for (Path file : files) {
      String text = Files.readString(file, java.nio.charset.StandardCharsets.ISO_8859_1);
      for (String key : keys) {
        assertThat(text.contains(key)).as("%s contains a configured key", file).isFalse();
      }
    }
    var events = client.v1().events().inNamespace("default").list().getItems();
    assertThat(events).isNotEmpty();
    String eventText = new ObjectMapper().writeValueAsString(events);
    String statusText =
        new ObjectMapper()
                .writeValueAsString(
                    client.resources(RoutingPolicy.class).inNamespace("default").list().getItems())
            + new ObjectMapper()
                .writeValueAsString(client.configMaps().inNamespace("default").list().getItems());
    for (String key : keys) {
      assertThat(eventText.contains(key)).as("Events contain a configured key").isFalse();
      assertThat(statusText.contains(key))
          .as("policies or ConfigMaps contain a configured key")
          .isFalse();
    }
  }

  private static ObjectNode withRequestsPerMinute(ObjectNode spec, int rpm) {
    ((ObjectNode) spec.path("auth").path("tenants").get(0)).put("requestsPerMinute", rpm);
    return spec;
  }

  private static java.net.http.HttpResponse<String> rawChat(String url, String key)
      throws Exception {
    return java.net.http.HttpClient.newHttpClient()
        .send(
            java.net.http.HttpRequest.newBuilder(java.net.URI.create(url + "/v1/chat/completions"))
                .header("content-type", "application/json")
                .header("authorization", "Bearer " + key)
                .POST(
                    java.net.http.HttpRequest.BodyPublishers.ofString(
                        "{\"model\":\"quickstart\",\"max_tokens\":4,"
                            + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
                .build(),
            java.net.http.HttpResponse.BodyHandlers.ofString());
  }

  private static void putTenantSecret(Map<String, String> data) {
    client
        .resource(
            new io.fabric8.kubernetes.api.model.SecretBuilder()
                .withNewMetadata()
                .withName("quickstart-tenant-demo")
                .withNamespace("default")
                .endMetadata()
                .withType("Opaque")
                .withStringData(data)
                .build())
        .inNamespace("default")
        .createOr(io.fabric8.kubernetes.client.dsl.NonDeletingOperation::update);
  }

  @Test
  @Order(9)
  void anInvalidPolicyIsReportedAndBreaksNothingElse() throws Exception {
    RoutingPolicy broken =
        client
            .getKubernetesSerialization()
            .unmarshal(
                """
        apiVersion: switchboard.io/v1alpha1
        kind: RoutingPolicy
        metadata: {name: broken, namespace: default}
        spec:
          poolRef: {name: quickstart}
          mode: capability
          experts: [mistral-7b, no-such-expert]
          router: {type: gateway, replicas: 1}
        """,
                RoutingPolicy.class);
    client.resource(broken).create();
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              RoutingPolicy current =
                  client
                      .resources(RoutingPolicy.class)
                      .inNamespace("default")
                      .withName("broken")
                      .get();
              assertThat(current.getStatus()).isNotNull();
              assertThat(current.getStatus().isTrue("Valid")).isFalse();
              assertThat(current.getStatus().condition("Valid").orElseThrow().getMessage())
                  .contains("no-such-expert");
            });
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(client.v1().events().inNamespace("default").list().getItems())
                    .anySatisfy(
                        e -> {
                          assertThat(e.getType()).isEqualTo("Warning");
                          assertThat(e.getInvolvedObject().getName()).isEqualTo("broken");
                        }));
    assertThat(client.configMaps().inNamespace("default").withName("broken-router-config").get())
        .isNull();
    assertThat(client.apps().deployments().inNamespace("default").withName("broken-router").get())
        .isNull();
    assertThat(editorStatus().getConditions())
        .anySatisfy(
            c -> {
              assertThat(c.getType()).isEqualTo("Valid");
              assertThat(c.getStatus()).isEqualTo("True");
            });
    assertThat(router().chat("Still there?", "after-invalid", 4).ok()).isTrue();

    // A real API server would not even store some invalid specs: its schema and CEL rules refuse
    // them.
    CrdValidator validator = CrdValidator.fromCrdFile(repo.crd("routingpolicies"));
    JsonNode unknownMode =
        new ObjectMapper(new YAMLFactory())
            .readTree(repo.policies("invalid").resolve("unknown-mode.yaml").toFile());
    assertThat(validator.validate(unknownMode)).isNotEmpty();
    JsonNode quickstart =
        new ObjectMapper(new YAMLFactory())
            .readTree(repo.policies("quickstart").resolve("policy.yaml").toFile());
    assertThat(validator.validate(quickstart)).isEmpty();
    client.resource(broken).delete();
  }

  @Test
  @Order(10)
  void aKilledAndRescheduledRouterKeepsSpendBanditArmsAndEpsilonSpent() throws Exception {
    ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
    client
        .resource(
            yaml.readValue(
                """
                apiVersion: switchboard.io/v1alpha1
                kind: Budget
                metadata: {name: durable, namespace: default}
                spec:
                  period: day
                  limits: {usd: 50}
                  enforcement: {action: alert}
                """,
                Budget.class))
        .create();
    // Federated over the quickstart pool; its one peer never answers, so rounds are published
    // (and charged) but nothing is merged.
    client
        .resource(
            yaml.readValue(
                """
                apiVersion: switchboard.io/v1alpha1
                kind: RoutingPolicy
                metadata: {name: durable, namespace: default}
                spec:
                  poolRef: {name: quickstart}
                  mode: federated
                  virtualModel: durable
                  federated:
                    peers: [{name: unreachable, url: "http://127.0.0.1:9"}]
                    epsilonPerRound: 0.5
                    totalEpsilon: 4.0
                    roundSeconds: 10
                    localMode: bandit
                  bandit: {algorithm: linucb, alpha: 1.0}
                  budgetRef: {name: durable}
                  router: {type: gateway, replicas: 1}
                  auth:
                    tenants:
                      - name: demo
                        secretRef: {name: quickstart-tenant-demo, key: api-key}
                        monthlyUsdCap: 100
                """,
                RoutingPolicy.class))
        .create();
    await()
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> cluster.kubelet().isReady("durable-router"));

    RouterClient tenant =
        new RouterClient(
            cluster.kubelet().serviceUrl("durable-router", 80).orElseThrow(),
            "durable",
            QuickstartTenant.apiKey(repo));
    for (int i = 0; i < 30; i++) {
      RouterClient.Reply reply = tenant.chat("What is " + i + " times 3?", "durable-" + i, 16);
      assertThat(reply.ok()).as("reply %s", reply).isTrue();
      assertThat(tenant.feedback("durable-" + i, i % 3 == 0 ? 0.2 : 0.9)).isLessThan(300);
    }

    // Before: a round was charged and acknowledged, the state is stable (no new round charges
    // anything: nothing new was learned), the operator stored it, and the Budget counted the
    // router's spend.
    JsonNode[] before = new JsonNode[1];
    double[] budgetBefore = new double[1];
    await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofSeconds(1))
        .untilAsserted(
            () -> {
              JsonNode first = control("durable").state();
              assertThat(first.path("privacy").path("spentEpsilon").asDouble()).isPositive();
              Thread.sleep(11_000); // longer than a round
              JsonNode second = control("durable").state();
              assertThat(durable(second)).isEqualTo(durable(first));
              JsonNode stored = storedState(second.path("instance").asText());
              assertThat(stored).as("stored by the operator").isNotNull();
              assertThat(durable(stored.path("state"))).isEqualTo(durable(second));
              double routerCost = control("durable").usage().path("totalCostUsd").asDouble();
              assertThat(routerCost).isPositive();
              assertThat(durableBudgetSpent())
                  .isCloseTo(routerCost, org.assertj.core.api.Assertions.within(1e-9));
              before[0] = second;
              budgetBefore[0] = durableBudgetSpent();
            });
    Map<String, Object> expected = durable(before[0]);
    assertThat(before[0].path("tenantMonthUsd").path("demo").asDouble()).isPositive();
    // Every graded decision is learned (a request the bandit did not decide, e.g. a fallback, is
    // not).
    assertThat(armPulls(before[0]).values().stream().mapToLong(Long::longValue).sum())
        .isBetween(20L, 30L);

    // The node is lost: the router is killed (no graceful shutdown) and rescheduled as a new
    // pod with an empty state volume and a new address.
    cluster.kubelet().reschedule("durable-router");
    await()
        .atMost(Duration.ofSeconds(150))
        .pollInterval(Duration.ofSeconds(1))
        .untilAsserted(
            () -> {
              assertThat(cluster.kubelet().isReady("durable-router")).isTrue();
              JsonNode after = control("durable").state();
              assertThat(after.path("instance").asText())
                  .as("a new replica")
                  .isNotEqualTo(before[0].path("instance").asText());
              assertThat(after.path("loaded").asBoolean()).isTrue();
              assertThat(durable(after)).as("spend, arms and epsilon").isEqualTo(expected);
              assertThat(
                      client
                          .configMaps()
                          .inNamespace("default")
                          .withLabel("switchboard.io/router-state", "durable")
                          .list()
                          .getItems())
                  .as("the departed replica's copy is gone once adopted")
                  .hasSize(1);
              assertThat(control("durable").usage().path("totalCostUsd").asDouble()).isZero();
              assertThat(durableBudgetSpent())
                  .as("no spend lost, none counted twice")
                  .isCloseTo(budgetBefore[0], org.assertj.core.api.Assertions.within(1e-9));
            });
    // Rounds go on after the ledger: nothing new was learned, nothing more is charged.
    Thread.sleep(11_000);
    assertThat(durable(control("durable").state())).isEqualTo(expected);

    client.resources(RoutingPolicy.class).inNamespace("default").withName("durable").delete();
    client.resources(Budget.class).inNamespace("default").withName("durable").delete();
  }

  /** What must survive: tenants' month spend, each arm's pulls and rewards, the ledger. */
  private static Map<String, Object> durable(JsonNode state) {
    Map<String, Object> out = new java.util.TreeMap<>();
    state
        .path("tenantMonthUsd")
        .fields()
        .forEachRemaining(e -> out.put("usd:" + e.getKey(), e.getValue().asDouble()));
    state
        .path("learning")
        .path("state")
        .path("arms")
        .fields()
        .forEachRemaining(
            e -> {
              out.put("pulls:" + e.getKey(), e.getValue().path("pulls").asLong());
              out.put("reward:" + e.getKey(), e.getValue().path("rewardSum").asDouble());
            });
    out.put("epsilon", state.path("privacy").path("spentEpsilon").asDouble());
    out.put("rounds", state.path("privacy").path("rounds").asLong());
    return out;
  }

  private static Map<String, Long> armPulls(JsonNode state) {
    Map<String, Long> out = new java.util.TreeMap<>();
    state
        .path("learning")
        .path("state")
        .path("arms")
        .fields()
        .forEachRemaining(e -> out.put(e.getKey(), e.getValue().path("pulls").asLong()));
    return out;
  }

  private static JsonNode storedState(String instance) throws Exception {
    for (ConfigMap cm :
        client
            .configMaps()
            .inNamespace("default")
            .withLabel("switchboard.io/router-state", "durable")
            .list()
            .getItems()) {
      JsonNode doc = new ObjectMapper().readTree(cm.getData().get("state.json"));
      if (instance.equals(doc.path("instance").asText())) {
        return doc;
      }
    }
    return null;
  }

  private static double durableBudgetSpent() {
    Budget budget = client.resources(Budget.class).inNamespace("default").withName("durable").get();
    return budget.getStatus() == null || budget.getStatus().getSpentUsdUnrounded() == null
        ? 0
        : budget.getStatus().getSpentUsdUnrounded();
  }

  @Test
  @Order(11)
  void whatAGracefullyStoppedRouterRecordedJustBeforeItsSigtermSurvivesItsReplacement()
      throws Exception {
    RouterClient router = router();
    String instance = control("quickstart").state().path("instance").asText();
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(storedQuickstartState(instance)).isNotNull());
    // Spend right before the SIGTERM: the operator's last round most likely read none of it.
    for (int i = 0; i < 10; i++) {
      RouterClient.Reply reply = router.chat("What is " + i + " squared?", "sigterm-" + i, 16);
      assertThat(reply.ok()).as("reply %s", reply).isTrue();
    }
    double recorded = control("quickstart").state().path("tenantMonthUsd").path("demo").asDouble();
    assertThat(recorded).isPositive();
    long started = System.nanoTime();
    cluster.kubelet().terminate("quickstart-router");

    // The operator read the leaving replica until it stopped answering, and handed its last
    // state to the replacement (a new pod with empty volumes).
    await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofSeconds(1))
        .untilAsserted(
            () -> {
              assertThat(cluster.kubelet().isReady("quickstart-router")).isTrue();
              JsonNode after = control("quickstart").state();
              assertThat(after.path("instance").asText())
                  .as("a new replica")
                  .isNotEqualTo(instance);
              assertThat(after.path("appliedHandoffs").toString()).contains(instance);
              assertThat(after.path("tenantMonthUsd").path("demo").asDouble())
                  .as("the month's spend, including the last requests")
                  .isCloseTo(recorded, org.assertj.core.api.Assertions.within(1e-12));
              assertThat(storedQuickstartState(instance)).as("adopted, so removed").isNull();
            });
    System.out.printf(
        "measured: graceful replacement carried $%.8f of demo month spend, %.1f s to hand-off%n",
        recorded, (System.nanoTime() - started) / 1e9);
  }

  private static JsonNode storedQuickstartState(String instance) throws Exception {
    for (ConfigMap cm :
        client
            .configMaps()
            .inNamespace("default")
            .withLabel("switchboard.io/router-state", "quickstart")
            .list()
            .getItems()) {
      JsonNode doc = new ObjectMapper().readTree(cm.getData().get("state.json"));
      if (instance.equals(doc.path("instance").asText())) {
        return doc;
      }
    }
    return null;
  }

  @Test
  @Order(12)
  void theRoutersControlEndpointsOpenOnlyToTheOperatorsGeneratedToken() throws Exception {
    String url = cluster.kubelet().serviceUrl("quickstart-router", 80).orElseThrow();
    String token = controlToken("quickstart");
    var http = java.net.http.HttpClient.newHttpClient();
    for (String path :
        List.of("/switchboard/usage", "/switchboard/state", "/switchboard/learning/local")) {
      Map<String, String> refused = new java.util.LinkedHashMap<>();
      refused.put("no token", null);
      refused.put("a wrong token", "Bearer " + "0".repeat(64));
      refused.put("the token of another policy", "Bearer " + controlToken("durable"));
      refused.put("a tenant key", "Bearer " + QuickstartTenant.apiKey(repo));
      for (var caller : refused.entrySet()) {
        var response = http.send(get(url + path, caller.getValue()), ofString());
        assertThat(response.statusCode()).as("%s with %s", path, caller.getKey()).isEqualTo(401);
        JsonNode error = new ObjectMapper().readTree(response.body()).path("error");
        assertThat(error.path("type").asText()).isEqualTo("authentication_error");
        assertThat(error.path("code").asText()).isEqualTo("invalid_control_token");
        assertThat(response.body()).doesNotContain(token);
      }
      var opened = http.send(get(url + path, "Bearer " + token), ofString());
      // Weighted routing learns nothing: past the token, the learning exchange has nothing.
      assertThat(opened.statusCode())
          .as("%s with the operator's token", path)
          .isEqualTo(path.contains("learning") ? 404 : 200);
    }
    // The operator's own reads succeed: it stores what the router reports through
    // /switchboard/state (needs the token) again every round.
    java.time.Instant since = java.time.Instant.now();
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofSeconds(1))
        .untilAsserted(
            () ->
                assertThat(
                        client
                            .configMaps()
                            .inNamespace("default")
                            .withLabel("switchboard.io/router-state", "quickstart")
                            .list()
                            .getItems())
                    .anySatisfy(
                        cm -> {
                          JsonNode doc =
                              new ObjectMapper().readTree(cm.getData().get("state.json"));
                          assertThat(java.time.Instant.parse(doc.path("seenAt").asText()))
                              .isAfter(since);
                        }));
  }

  private static java.net.http.HttpRequest get(String url, String authorization) {
    var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(url));
    if (authorization != null) {
      request.header("authorization", authorization);
    }
    return request.build();
  }

  private static java.net.http.HttpResponse.BodyHandler<String> ofString() {
    return java.net.http.HttpResponse.BodyHandlers.ofString();
  }

  @Test
  @Order(13)
  void aRollingRestartOfTheGatewayUnderLoadLosesNoRequest() throws Exception {
    String deployment = "quickstart-router";
    long oldPid = cluster.kubelet().pid(deployment).orElseThrow();
    String oldUrl = cluster.kubelet().serviceUrl(deployment, 80).orElseThrow();
    String key = QuickstartTenant.apiKey(repo);
    // Steady traffic from 4 clients. Each call resolves the Service first, as kube-proxy routes
    // each new connection to a current endpoint; a client keeps its connections per address.
    AtomicBoolean stop = new AtomicBoolean();
    AtomicInteger sent = new AtomicInteger();
    Map<String, AtomicInteger> okByAddress = new java.util.concurrent.ConcurrentHashMap<>();
    List<String> failures = new CopyOnWriteArrayList<>();
    ExecutorService clients = Executors.newFixedThreadPool(4);
    for (int c = 0; c < 4; c++) {
      int id = c;
      clients.execute(
          () -> {
            Map<String, RouterClient> byAddress = new java.util.HashMap<>();
            for (int i = 0; !stop.get(); i++) {
              sent.incrementAndGet();
              // No endpoint behind the Service is a lost request too (a connection refused).
              String url = cluster.kubelet().serviceUrl(deployment, 80).orElse(null);
              if (url == null) {
                failures.add("no endpoint behind the Service");
                sleepQuietly(50);
                continue;
              }
              RouterClient router =
                  byAddress.computeIfAbsent(url, u -> new RouterClient(u, "quickstart", key));
              RouterClient.Reply reply = router.chat("Say " + i, "roll-" + id + "-" + i, 8);
              if (reply.ok()) {
                okByAddress.computeIfAbsent(url, u -> new AtomicInteger()).incrementAndGet();
              } else {
                failures.add(url + ": " + reply.status() + " " + reply.error());
              }
            }
          });
    }
    Thread.sleep(2_000);
    // What kubectl rollout restart does: a new annotation on the pod template.
    client
        .apps()
        .deployments()
        .inNamespace("default")
        .withName(deployment)
        .edit(
            d -> {
              d.getSpec()
                  .getTemplate()
                  .getMetadata()
                  .getAnnotations()
                  .put("kubectl.kubernetes.io/restartedAt", java.time.Instant.now().toString());
              return d;
            });
    long rolloutStart = System.nanoTime();
    await()
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () ->
                cluster.kubelet().pid(deployment).filter(pid -> pid != oldPid).isPresent()
                    && ProcessHandle.of(oldPid).map(ProcessHandle::isAlive).orElse(false) == false);
    double rolloutSeconds = (System.nanoTime() - rolloutStart) / 1e9;
    Thread.sleep(2_000);
    stop.set(true);
    clients.shutdown();
    assertThat(clients.awaitTermination(90, TimeUnit.SECONDS)).isTrue();

    String newUrl = cluster.kubelet().serviceUrl(deployment, 80).orElseThrow();
    System.out.printf(
        "rolling restart under load: %d requests, %d failed, %.1f s from the template edit to the"
            + " old pod's exit; served by the old pod %d, by the new %d%n",
        sent.get(),
        failures.size(),
        rolloutSeconds,
        okByAddress.getOrDefault(oldUrl, new AtomicInteger()).get(),
        okByAddress.getOrDefault(newUrl, new AtomicInteger()).get());
    assertThat(newUrl).as("a new pod behind the Service").isNotEqualTo(oldUrl);
    assertThat(failures).as("requests lost in the rollout").isEmpty();
    assertThat(okByAddress.get(oldUrl)).as("served by the old pod").isNotNull();
    assertThat(okByAddress.get(newUrl)).as("served by the new pod").isNotNull();
    assertThat(sent.get()).isGreaterThan(20);
  }

  private static void sleepQuietly(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  @Order(14)
  void deletingThePolicyCleansUpThroughOwnerReferences() {
    RoutingPolicy policy =
        client.resources(RoutingPolicy.class).inNamespace("default").withName("quickstart").get();
    String uid = policy.getMetadata().getUid();
    List<HasMetadata> owned =
        List.of(
            client.configMaps().inNamespace("default").withName("quickstart-router-config").get(),
            client.apps().deployments().inNamespace("default").withName("quickstart-router").get(),
            client.services().inNamespace("default").withName("quickstart-router").get());
    assertThat(owned)
        .allSatisfy(
            o ->
                assertThat(o.getMetadata().getOwnerReferences())
                    .anySatisfy(
                        ref -> {
                          assertThat(ref.getKind()).isEqualTo("RoutingPolicy");
                          assertThat(ref.getName()).isEqualTo("quickstart");
                          assertThat(ref.getUid()).isEqualTo(uid);
                          assertThat(ref.getController()).isTrue();
                        }));
    int routerPort =
        cluster
            .kubelet()
            .dns()
            .resolve("default", "quickstart-router-management", 9000)
            .orElseThrow();

    client.resource(policy).delete();

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              assertThat(
                      client
                          .configMaps()
                          .inNamespace("default")
                          .withName("quickstart-router-config")
                          .get())
                  .isNull();
              assertThat(
                      client
                          .apps()
                          .deployments()
                          .inNamespace("default")
                          .withName("quickstart-router")
                          .get())
                  .isNull();
              assertThat(
                      client.services().inNamespace("default").withName("quickstart-router").get())
                  .isNull();
              assertThat(
                      client
                          .services()
                          .inNamespace("default")
                          .withName("quickstart-router-management")
                          .get())
                  .isNull();
              assertThat(cluster.kubelet().pid("quickstart-router")).isEmpty();
              assertThat(
                      new io.switchboard.e2e.local.HealthProbe()
                          .healthy(routerPort, "/q/health/live"))
                  .isFalse();
            });
    // The pool's experts are owned by the ExpertPool, which still exists.
    assertThat(
            client
                .apps()
                .deployments()
                .inNamespace("default")
                .withName("quickstart-mistral-7b")
                .get())
        .isNotNull();
  }

  /** The key the operator generated into {@link ControlToken#SECRET}, as it reads it. */
  private static String generatedControlKey() {
    return ControlToken.generatedKey(client, "default");
  }

  /** The policy's control token, as the operator derives it. */
  private static String controlToken(String policy) {
    return ControlToken.of(client, "default", policy);
  }

  /** A client of the policy's gateway holding the operator's control token. */
  private static RouterClient control(String policy) throws Exception {
    return new RouterClient(
        cluster.kubelet().serviceUrl(policy + "-router", 80).orElseThrow(),
        policy,
        controlToken(policy));
  }

  private static RouterClient router() {
    return new RouterClient(
        cluster.kubelet().serviceUrl("quickstart-router", 80).orElseThrow(),
        "quickstart",
        QuickstartTenant.apiKey(repo));
  }

  private static io.switchboard.api.v1alpha1.routingpolicy.RoutingPolicyStatus editorStatus() {
    return client
        .resources(RoutingPolicy.class)
        .inNamespace("default")
        .withName("quickstart")
        .get()
        .getStatus();
  }

  private static ObjectNode weight(String expert, int weight) {
    return new ObjectMapper().createObjectNode().put("expert", expert).put("weight", weight);
  }
}
