package io.switchboard.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.switchboard.api.v1alpha1.budget.Budget;
import io.switchboard.api.v1alpha1.expertpool.ExpertPool;
import io.switchboard.api.v1alpha1.routingpolicy.RoutingPolicy;
import io.switchboard.api.v1alpha1.routingpolicy.RoutingPolicyStatus.RoutingSummary;
import io.switchboard.api.v1alpha1.routingpolicy.RoutingPolicyStatus.ShadowSummary;
import io.switchboard.e2e.local.LocalCluster;
import io.switchboard.e2e.local.RepoLayout;
import io.switchboard.e2e.run.QuickstartTenant;
import io.switchboard.e2e.run.RouterClient;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The measured status fields under real traffic, on the real operator, router and simulated experts
 * (issue 15): the shadow comparison, the live quality estimate from client feedback, the pool's
 * load Gini and their printer columns, and two Budgets covering one policy with their SLO verdicts.
 *
 * <p>One policy carries everything: weighted 90/10 over two of the quickstart pool's four
 * (simulated) experts, a capability shadow on half the requests, a roomy alerting Budget by
 * budgetRef and, later, a tight rejecting one by label selector. Clients grade mistral-7b 0.9 and
 * gpt-35 0.3, so every quality figure has a known range. The status windows are the operator's
 * collection interval (2 s in e2e), so the windowed figures are asserted while traffic flows.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StatusUnderTrafficTest {

  static final String NS = LocalCluster.NAMESPACE;
  static final String POLICY = "status";
  static final String ROOMY = "status-roomy";
  static final String TIGHT = "status-tight";
  static final Map<String, Double> GRADE = Map.of("mistral-7b", 0.9, "gpt-35", 0.3);
  static final ObjectMapper JSON = new ObjectMapper();
  static final String CONTROL_KEY = "e2e-status-control-key-of-at-least-32-bytes";
  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  static RepoLayout repo;
  static LocalCluster cluster;
  static KubernetesClient client;

  /** Every reply of the run, for the shares and the per-request cost. */
  static final List<RouterClient.Reply> replies = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void startSystem() throws Exception {
    repo = RepoLayout.locate();
    assumeTrue(repo.hasData("routerbench_subset"), "recorded data absent: " + repo.dataDir());
    Path runDir = repo.root().resolve("e2e/target/status-run");
    Files.createDirectories(runDir);
    // A router control key, as the chart mounts router.controlKeySecret: its per-policy token
    // opens the router's usage endpoint to this test.
    Path controlKey = Files.writeString(runDir.resolve("router-control.key"), CONTROL_KEY);
    cluster =
        LocalCluster.start(
            repo,
            runDir,
            repo.dataDir(),
            Map.of("SWITCHBOARD_OPERATOR_ROUTER_CONTROL_KEY_FILE", controlKey.toString()));
    client = cluster.client();
    // The quickstart pool and its demo tenant only: this class's policy is the pool's one router,
    // so the pool's load is this policy's.
    apply(repo.policies("quickstart").resolve("pool.yaml"));
    apply(repo.policies("quickstart").resolve("tenant-secret.yaml"));
    create(
        Budget.class,
        """
        apiVersion: switchboard.io/v1alpha1
        kind: Budget
        metadata: {name: status-roomy, namespace: default}
        spec:
          period: day
          limits: {usd: 100}
          enforcement: {action: alert}
          slo: {p95LatencyMs: 600000, minQuality: 0.05}
        """);
    create(
        RoutingPolicy.class,
        """
        apiVersion: switchboard.io/v1alpha1
        kind: RoutingPolicy
        metadata:
          name: status
          namespace: default
          labels: {team: status}
        spec:
          poolRef: {name: quickstart}
          mode: weighted
          virtualModel: status
          weighted:
            weights:
              - {expert: mistral-7b, weight: 90}
              - {expert: gpt-35, weight: 10}
              - {expert: mixtral, weight: 0}
              - {expert: gpt-4, weight: 0}
          shadow: {mode: capability, samplePercent: 50, minSamples: 20}
          budgetRef: {name: status-roomy}
          router: {type: gateway, replicas: 1}
          auth:
            tenants:
              - name: demo
                secretRef: {name: quickstart-tenant-demo, key: api-key}
        """);
    await()
        .atMost(Duration.ofSeconds(150))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () -> {
              RoutingPolicy p = policy();
              return p != null
                  && p.getStatus() != null
                  && p.getStatus().isTrue("Ready")
                  && p.getStatus().getActiveExperts().size() == 4
                  && cluster.kubelet().isReady("status-router");
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
  void qualityEstimateAndLoadGiniAreMeasuredFromTrafficAndShownInPrinterColumns() {
    try (Load load = new Load(6)) {
      double[] seen = new double[2];
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(500))
          .untilAsserted(
              () -> {
                assertThat(load.served()).as("replies so far").isGreaterThan(40);
                RoutingPolicy policy = policy();
                RoutingSummary routing = policy.getStatus().getRouting();
                assertThat(routing).as("status.routing").isNotNull();
                assertThat(routing.qualityEstimate()).as("qualityEstimate").isNotNull();
                assertThat(routing.qualityGrades()).as("qualityGrades").isPositive();
                assertThat(routing.windowSeconds()).as("windowSeconds").isBetween(1, 30);
                // Grades of 0.9 and 0.3 at 90/10: a mean near 0.84; 0.6 would take half of the
                // window's graded requests on gpt-35.
                assertThat(routing.qualityEstimate()).isBetween(0.6, 0.9);

                ExpertPool pool = pool();
                Double gini = pool.getStatus().getLoadGini();
                assertThat(gini).as("loadGini").isNotNull();
                // Shares (0, 0, 0.1, 0.9) give 0.7; an even split over the four gives 0, over the
                // two used 0.5.
                assertThat(gini).isCloseTo(gini(clientShares()), within(0.15)).isGreaterThan(0.55);

                // The printer columns resolve to the fields they name.
                assertThat(printerColumn("routingpolicies", "Quality", policy))
                    .isEqualTo(JSON.valueToTree(routing.qualityEstimate()));
                assertThat(printerColumn("expertpools", "Load Gini", pool))
                    .isEqualTo(JSON.valueToTree(gini));
                seen[0] = routing.qualityEstimate();
                seen[1] = gini;
              });
      System.out.printf(
          "measured: qualityEstimate %.3f, loadGini %.3f, client shares %s%n",
          seen[0], seen[1], clientShares());
    }
  }

  @Test
  @Order(2)
  void theShadowComparisonIsWhatTheRouterRecorded() throws Exception {
    // Traffic has stopped: the router's cumulative counters and status.shadow settle.
    long served = replies.stream().filter(RouterClient.Reply::ok).count();
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(
            () -> {
              Metrics router = routerMetrics();
              ShadowSummary shadow = policy().getStatus().getShadow();
              assertThat(shadow).as("status.shadow").isNotNull();
              assertThat(shadow.mode().wireName()).isEqualTo("capability");
              double samples = router.sum("switchboard_router_shadow_samples_total");
              assertThat(shadow.samples()).as("samples").isEqualTo(Math.round(samples));
              // Every routed request is sampled with 50 percent probability; a sample the shadow
              // could
              // not decide counts as a failure: together about half, within 4 standard deviations.
              double failures = router.sum("switchboard_router_shadow_failures_total");
              assertThat(shadow.failures()).as("failures").isEqualTo(Math.round(failures));
              double sd = Math.sqrt(served * 0.25);
              assertThat(samples + failures)
                  .isBetween(served / 2.0 - 4 * sd, served / 2.0 + 4 * sd);
              double agreed =
                  router.sumWhere(
                      "switchboard_router_shadow_samples_total",
                      l -> l.get("expert").equals(l.get("shadow_expert")));
              assertThat(shadow.agreementRate()).isCloseTo(agreed / samples, within(1e-9));
              double shadowCost =
                  router.sumWhere(
                      "switchboard_router_shadow_cost_usd_total",
                      l -> "shadow".equals(l.get("side")));
              double servedCost =
                  router.sumWhere(
                      "switchboard_router_shadow_cost_usd_total",
                      l -> "served".equals(l.get("side")));
              assertThat(shadow.shadowCostPer1kRequestsUsd())
                  .isCloseTo(shadowCost / samples * 1000, within(1e-9));
              assertThat(shadow.servedCostPer1kRequestsUsd())
                  .isPositive()
                  .isCloseTo(servedCost / samples * 1000, within(1e-9));
              assertThat(shadow.grades())
                  .isEqualTo(Math.round(router.sum("switchboard_router_quality_grade_count")));
              assertThat(shadow.gradedSamples()).isBetween(0L, shadow.samples());

              Condition better = policy().getStatus().condition("ShadowBetter").orElseThrow();
              assertThat(better.getReason())
                  .isIn("TooFewSamples", "NotCheaper", "LowerQuality", "CheaperAtNoWorseQuality");
              assertThat(better.getStatus())
                  .isEqualTo(
                      "CheaperAtNoWorseQuality".equals(better.getReason()) ? "True" : "False");
              assertThat(better.getMessage()).isNotBlank();
              if (shadow.gradedSamples() >= 20) {
                assertThat(better.getReason()).isNotEqualTo("TooFewSamples");
              } else {
                assertThat(better.getReason()).isEqualTo("TooFewSamples");
              }
            });
    ShadowSummary shadow = policy().getStatus().getShadow();
    System.out.printf(
        "measured: shadow %d samples (%d failures) of %d served, agreement %.3f, $%.5f vs $%.5f per 1k, %d graded,"
            + " ShadowBetter %s%n",
        shadow.samples(),
        shadow.failures(),
        served,
        shadow.agreementRate(),
        shadow.shadowCostPer1kRequestsUsd(),
        shadow.servedCostPer1kRequestsUsd(),
        shadow.gradedSamples(),
        policy().getStatus().condition("ShadowBetter").map(Condition::getReason).orElse(null));
  }

  @Test
  @Order(3)
  void twoBudgetsOnOnePolicyEachAccountTheirSpendAndTheStricterOneRejects() throws Exception {
    // The roomy Budget counted everything the router spent (it existed before the router).
    double routerCost = control().path("totalCostUsd").asDouble();
    assertThat(routerCost).isPositive();
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () ->
                assertThat(budget(ROOMY).getStatus().getSpentUsdUnrounded())
                    .isCloseTo(control().path("totalCostUsd").asDouble(), within(1e-9)));
    double roomyBefore = budget(ROOMY).getStatus().getSpentUsdUnrounded();
    long served = replies.stream().filter(RouterClient.Reply::ok).count();
    // A tight Budget by label selector, worth about 60 more requests; it starts counting now.
    double perRequest = routerCost / served;
    double limit = Math.ceil(perRequest * 60 * 1e6) / 1e6;
    create(
        Budget.class,
        """
        apiVersion: switchboard.io/v1alpha1
        kind: Budget
        metadata: {name: status-tight, namespace: default}
        spec:
          period: day
          limits: {usd: %s}
          enforcement: {action: reject}
          policySelector: {matchLabels: {team: status}}
          slo: {minQuality: 0.99}
        """
            .formatted(limit));
    // Reject is harsher than alert: the tight Budget applies before it is even exceeded.
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              assertThat(policy().getStatus().getEnforcingBudget()).isEqualTo(TIGHT);
              assertThat(budgetApplies(TIGHT))
                  .as("BudgetApplies event naming " + TIGHT)
                  .isNotEmpty();
            });

    RouterClient.Reply refused;
    try (Load load = new Load(4)) {
      await()
          .atMost(Duration.ofSeconds(90))
          .pollInterval(Duration.ofMillis(200))
          .until(() -> load.refusal() != null);
      refused = load.refusal();
    }
    assertThat(refused.status()).isEqualTo(429);
    JsonNode error = JSON.readTree(refused.error()).path("error");
    assertThat(error.path("code").asText()).isEqualTo("budget_exceeded");
    assertThat(error.path("message").asText()).contains("'" + TIGHT + "'");

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              Budget roomy = budget(ROOMY);
              Budget tight = budget(TIGHT);
              double total = control().path("totalCostUsd").asDouble();
              // Each its own spend: the roomy one everything, the tight one since it was created.
              assertThat(roomy.getStatus().getSpentUsdUnrounded()).isCloseTo(total, within(1e-9));
              assertThat(tight.getStatus().getSpentUsdUnrounded())
                  .isGreaterThanOrEqualTo(limit)
                  .isLessThan(roomy.getStatus().getSpentUsdUnrounded() - roomyBefore + 1e-9);
              assertThat(roomy.getStatus().getCoveredPolicies()).containsExactly(POLICY);
              assertThat(tight.getStatus().getCoveredPolicies()).containsExactly(POLICY);
              assertThat(tight.getStatus().getEnforcementLevel()).isEqualTo("reject");
              assertThat(tight.getStatus().isTrue("Exceeded")).isTrue();
              assertThat(roomy.getStatus().getEnforcementLevel()).isEqualTo("none");
              assertThat(roomy.getStatus().isTrue("Exceeded")).isFalse();
              // The policy stays valid and ready under two Budgets.
              assertThat(policy().getStatus().isTrue("Valid")).isTrue();
              assertThat(policy().getStatus().isTrue("Ready")).isTrue();
              assertThat(policy().getStatus().getEnforcingBudget()).isEqualTo(TIGHT);
              // The policy's event names the Budget the routers apply, among how many; the
              // Budget's own event says it was exceeded.
              assertThat(budgetApplies(TIGHT))
                  .anySatisfy(m -> assertThat(m).contains("of 2 covering Budget(s)"));
              assertThat(
                      client.v1().events().inNamespace(NS).list().getItems().stream()
                          .filter(e -> TIGHT.equals(e.getInvolvedObject().getName()))
                          .map(Event::getReason))
                  .contains("BudgetExceeded");
            });
    System.out.printf(
        "measured: roomy Budget $%.6f, tight Budget $%.6f (limit $%.6f), router $%.6f%n",
        budget(ROOMY).getStatus().getSpentUsdUnrounded(),
        budget(TIGHT).getStatus().getSpentUsdUnrounded(),
        limit,
        control().path("totalCostUsd").asDouble());
  }

  @Test
  @Order(4)
  void eachBudgetsSloVerdictCarriesTheRoutersMeasuredLatencyAndQuality() {
    Condition roomy = budget(ROOMY).getStatus().condition("SloMet").orElseThrow();
    assertThat(roomy.getStatus()).as(roomy.getMessage()).isEqualTo("True");
    assertThat(roomy.getReason()).isEqualTo("WithinSlo");
    Matcher latency =
        Pattern.compile("p95 latency ≤ 600000 ms on 1 policy \\(highest (\\d+) ms\\)")
            .matcher(roomy.getMessage());
    assertThat(latency.find()).as(roomy.getMessage()).isTrue();
    // The routers' p95 is a histogram bucket bound: positive, and far below a minute here.
    assertThat(Long.parseLong(latency.group(1))).isBetween(1L, 60_000L);
    Matcher quality =
        Pattern.compile("quality ≥ 0\\.050 on 1 policy \\(lowest (0\\.\\d+), (\\d+) grades\\)")
            .matcher(roomy.getMessage());
    assertThat(quality.find()).as(roomy.getMessage()).isTrue();
    assertThat(Double.parseDouble(quality.group(1))).isBetween(0.6, 0.9);
    assertThat(Long.parseLong(quality.group(2))).isPositive();

    Condition tight = budget(TIGHT).getStatus().condition("SloMet").orElseThrow();
    assertThat(tight.getStatus()).as(tight.getMessage()).isEqualTo("False");
    assertThat(tight.getReason()).isEqualTo("SloBreached");
    Matcher breach =
        Pattern.compile("status: quality (0\\.\\d+) < 0\\.990 \\((\\d+) grades\\)")
            .matcher(tight.getMessage());
    assertThat(breach.find()).as(tight.getMessage()).isTrue();
    assertThat(Double.parseDouble(breach.group(1))).isBetween(0.6, 0.9);
    assertThat(
            client.v1().events().inNamespace(NS).list().getItems().stream()
                .filter(e -> TIGHT.equals(e.getInvolvedObject().getName()))
                .map(Event::getReason))
        .contains("SloBreached");
    System.out.printf("measured: SloMet %s / %s%n", roomy.getMessage(), tight.getMessage());
  }

  /**
   * Clients in the background: each asks, then grades the answer by its expert ({@link #GRADE}),
   * until closed. The first refusal is kept.
   */
  private static final class Load implements AutoCloseable {
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicInteger ok = new AtomicInteger();
    private volatile RouterClient.Reply refusal;
    private final ExecutorService threads;

    Load(int clients) {
      threads = Executors.newFixedThreadPool(clients);
      RouterClient router = router();
      AtomicInteger ids = new AtomicInteger();
      String run = Long.toString(System.nanoTime(), 36);
      for (int t = 0; t < clients; t++) {
        threads.submit(
            () -> {
              while (running.get()) {
                int i = ids.incrementAndGet();
                RouterClient.Reply reply =
                    router.chat("What is " + i + " times 7?", "st-" + run + "-" + i, 16);
                if (reply.ok()) {
                  replies.add(reply);
                  ok.incrementAndGet();
                  router.feedback(reply.requestId(), GRADE.getOrDefault(reply.expert(), 0.5));
                } else if (refusal == null) {
                  refusal = reply;
                }
              }
            });
      }
    }

    int served() {
      return ok.get();
    }

    RouterClient.Reply refusal() {
      return refusal;
    }

    @Override
    public void close() {
      running.set(false);
      threads.shutdown();
      try {
        assertThat(threads.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Share of the served replies per pool expert, zeros included. */
  private static Map<String, Double> clientShares() {
    Map<String, Double> shares = new TreeMap<>();
    for (String expert : List.of("mistral-7b", "mixtral", "gpt-35", "gpt-4")) {
      shares.put(expert, 0.0);
    }
    List<RouterClient.Reply> ok = replies.stream().filter(RouterClient.Reply::ok).toList();
    for (RouterClient.Reply r : ok) {
      shares.merge(r.expert(), 1.0 / ok.size(), Double::sum);
    }
    return shares;
  }

  /** The Gini coefficient, written out here rather than taken from the operator. */
  private static double gini(Map<String, Double> shares) {
    double total = 0;
    double differences = 0;
    for (double a : shares.values()) {
      total += a;
      for (double b : shares.values()) {
        differences += Math.abs(a - b);
      }
    }
    return differences / (2.0 * shares.size() * total);
  }

  /**
   * What {@code kubectl get} would print in the named column: the column's jsonPath (plain field
   * paths only) resolved on the object as served.
   */
  private static JsonNode printerColumn(String plural, String column, HasMetadata object)
      throws Exception {
    JsonNode crd = YAML.readTree(repo.crd(plural).toFile());
    String path = null;
    for (JsonNode version : crd.path("spec").path("versions")) {
      for (JsonNode c : version.path("additionalPrinterColumns")) {
        if (column.equals(c.path("name").asText())) {
          path = c.path("jsonPath").asText();
        }
      }
    }
    assertThat(path).as("printer column %s of %s", column, plural).startsWith(".status.");
    JsonNode node = JSON.valueToTree(object);
    for (String field : path.substring(1).split("\\.")) {
      node = node.path(field);
    }
    assertThat(node.isMissingNode() || node.isNull()).as("%s resolves", path).isFalse();
    return node;
  }

  private static List<String> budgetApplies(String budget) {
    return client.v1().events().inNamespace(NS).list().getItems().stream()
        .filter(e -> POLICY.equals(e.getInvolvedObject().getName()))
        .filter(e -> "BudgetApplies".equals(e.getReason()))
        .map(Event::getMessage)
        .filter(m -> m.contains("Budget " + budget + " "))
        .toList();
  }

  /** The router's own Prometheus counters for the policy. */
  private record Metrics(List<Sample> samples) {
    record Sample(String name, Map<String, String> labels, double value) {}

    double sum(String name) {
      return sumWhere(name, l -> true);
    }

    double sumWhere(String name, java.util.function.Predicate<Map<String, String>> labels) {
      return samples.stream()
          .filter(s -> s.name().equals(name) && labels.test(s.labels()))
          .mapToDouble(Sample::value)
          .sum();
    }
  }

  private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][\\w:]*)\\{(.*)\\} (\\S+)$");
  private static final Pattern LABEL = Pattern.compile("(\\w+)=\"((?:[^\"\\\\]|\\\\.)*)\"");

  private static Metrics routerMetrics() throws Exception {
    // Metrics answer on the management port, behind the headless management Service.
    String url =
        cluster.kubelet().serviceUrl("status-router-management", 9000).orElseThrow() + "/q/metrics";
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(HttpRequest.newBuilder(URI.create(url)).build(), BodyHandlers.ofString());
    assertThat(response.statusCode()).as("GET %s", url).isEqualTo(200);
    String text = response.body();
    List<Metrics.Sample> samples = new ArrayList<>();
    for (String line : text.split("\n")) {
      Matcher m = SAMPLE.matcher(line);
      if (!m.matches()) {
        continue;
      }
      Map<String, String> labels = new ConcurrentHashMap<>();
      Matcher l = LABEL.matcher(m.group(2));
      while (l.find()) {
        labels.put(l.group(1), l.group(2));
      }
      if (POLICY.equals(labels.get("policy"))) {
        samples.add(new Metrics.Sample(m.group(1), labels, Double.parseDouble(m.group(3))));
      }
    }
    return new Metrics(samples);
  }

  private static String routerUrl() {
    return cluster.kubelet().serviceUrl("status-router", 80).orElseThrow();
  }

  private static RouterClient router() {
    return new RouterClient(routerUrl(), POLICY, QuickstartTenant.apiKey(repo));
  }

  /** The router's own ledger, {@code GET /switchboard/usage} with the policy's control token. */
  private static JsonNode control() throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(CONTROL_KEY.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    String token =
        HexFormat.of().formatHex(mac.doFinal((NS + "/" + POLICY).getBytes(StandardCharsets.UTF_8)));
    return new RouterClient(routerUrl(), POLICY, token).usage();
  }

  private static RoutingPolicy policy() {
    return client.resources(RoutingPolicy.class).inNamespace(NS).withName(POLICY).get();
  }

  private static ExpertPool pool() {
    return client.resources(ExpertPool.class).inNamespace(NS).withName("quickstart").get();
  }

  private static Budget budget(String name) {
    return client.resources(Budget.class).inNamespace(NS).withName(name).get();
  }

  private static <T extends HasMetadata> void create(Class<T> type, String yaml) throws Exception {
    client.resource(YAML.readValue(yaml, type)).create();
  }

  private static void apply(Path file) throws Exception {
    try (InputStream in = Files.newInputStream(file)) {
      for (HasMetadata object : client.load(in).items()) {
        client.resource(object).inNamespace(NS).create();
      }
    }
  }
}
