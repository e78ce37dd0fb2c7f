package io.switchboard.e2e.rbac;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.switchboard.api.v1alpha1.budget.Budget;
import io.switchboard.api.v1alpha1.expertpool.ExpertPool;
import io.switchboard.api.v1alpha1.expertpool.ExpertPoolSpec;
import io.switchboard.api.v1alpha1.routingpolicy.RoutingPolicy;
import io.switchboard.e2e.local.ApiRequest;
import io.switchboard.e2e.local.AppCatalog;
import io.switchboard.e2e.local.LocalKubelet;
import io.switchboard.e2e.local.MockApiServer;
import io.switchboard.e2e.local.OperatorProcess;
import io.switchboard.e2e.local.RepoLayout;
import io.switchboard.e2e.rbac.RbacDoc.Permission;
import io.switchboard.e2e.run.OnConflict;
import io.switchboard.e2e.run.QuickstartTenant;
import io.switchboard.e2e.run.RouterClient;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * RBAC conformance: the real operator, configured with the environment the chart's Deployment gives
 * it, runs a focused scenario against the mock API server (quickstart pool, policy and budget
 * applied, reconciled to Ready, routed through, an expert removed, everything deleted) once per
 * install mode, and every request it made (recorded by {@link MockApiServer}) must be allowed by
 * the RBAC that `helm template` renders for that mode, plus what Kubernetes grants every
 * authenticated user. The records are written to {@code e2e/target/rbac/<mode>-requests.jsonl},
 * with a report of which grant allowed each request and which documented permission the scenario
 * did not use.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RbacConformanceTest {

  /** The namespace the scenario's resources live in; the operator runs in the release namespace. */
  static final String APP_NAMESPACE = "default";

  /** One way to install the chart. */
  record Mode(String name, Map<String, Object> values) {}

  static final Mode CLUSTER_WIDE = new Mode("cluster-wide", Map.of());

  /** Two watched namespaces, and two replicas so that leader election (its Lease) is on too. */
  static final Mode NAMESPACED =
      new Mode(
          "namespaced", Map.of("watchNamespaces", List.of(APP_NAMESPACE, "team-b"), "replicas", 2));

  /**
   * Documented permissions the focused scenario is not expected to use, and why; any other
   * documented permission it leaves unused fails {@link
   * #everyDocumentedPermissionIsUsedOrExplained}.
   */
  static final Map<String, String> NOT_EXERCISED =
      Map.ofEntries(
          Map.entry(
              "switchboard.io/expertpools/finalizers",
              "only on OpenShift-style owner reference enforcement"),
          Map.entry(
              "switchboard.io/routingpolicies/finalizers",
              "only on OpenShift-style owner reference enforcement"),
          Map.entry(
              "switchboard.io/budgets/finalizers",
              "only on OpenShift-style owner reference enforcement"),
          Map.entry(
              "core/pods",
              "listed to find sidecar-injected routers; the quickstart routes through a gateway"),
          Map.entry(
              "apps/deployments/scale",
              "the SLO autoscaler, off in the quickstart; AutoscalerTest scales, E2eRunRbacTest"
                  + " checks it"),
          Map.entry(
              "events.k8s.io/events",
              "the newer events API, which this Fabric8/JOSDK version does not use"),
          Map.entry(
              "coordination.k8s.io/leases",
              "leader election, off with replicas: 1 (the chart default); the namespaced run has 2"));

  RepoLayout repo;
  final Map<Mode, RenderedChart> charts = new LinkedHashMap<>();
  final Map<Mode, List<ApiRequest>> records = new LinkedHashMap<>();

  @BeforeAll
  void runTheScenarioInBothModes() throws Exception {
    repo = RepoLayout.locate();
    assumeTrue(repo.hasData("routerbench_subset"), "recorded data absent: " + repo.dataDir());
    Path out = repo.root().resolve("e2e/target/rbac");
    for (Mode mode : List.of(CLUSTER_WIDE, NAMESPACED)) {
      RenderedChart chart =
          RenderedChart.render(
              repo.root().resolve("helm-chart/switchboard"), out.resolve("work"), mode.values());
      charts.put(mode, chart);
      List<ApiRequest> record =
          runScenario(mode, chart, out.resolve(mode.name() + "-requests.jsonl"));
      records.put(mode, record);
      Files.writeString(out.resolve(mode.name() + "-report.md"), report(mode, record));
    }
  }

  @Test
  void clusterWideInstallAllowsEveryRequestTheOperatorMade() {
    assertAllowed(CLUSTER_WIDE);
  }

  @Test
  void namespacedInstallAllowsEveryRequestTheOperatorMade() {
    assertAllowed(NAMESPACED);
  }

  @Test
  void namespacedOperatorStaysInTheWatchedAndReleaseNamespaces() {
    Set<String> allowed = Set.of(APP_NAMESPACE, "team-b", RenderedChart.NAMESPACE);
    List<ApiRequest> outside =
        records.get(NAMESPACED).stream()
            .filter(ApiRequest::isResourceRequest)
            .filter(r -> !allowed.contains(r.namespace()))
            .filter(
                r ->
                    !r.apiGroup().equals("authorization.k8s.io")) // self-reviews are cluster-scoped
            .toList();
    assertThat(outside).as("cluster-wide or foreign-namespace requests").isEmpty();
    assertThat(records.get(NAMESPACED))
        .as("the operator watched the second namespace too")
        .anyMatch(r -> r.namespace().equals("team-b") && r.verb().equals("watch"))
        .as("it took the leader Lease in the release namespace and renewed it")
        .contains(
            ApiRequest.resource(
                "create", "coordination.k8s.io", "leases", "", RenderedChart.NAMESPACE, ""),
            ApiRequest.resource(
                "patch",
                "coordination.k8s.io",
                "leases",
                "",
                RenderedChart.NAMESPACE,
                "switchboard-operator-leader"));
  }

  @Test
  void theCheckFailsWhenARuleTheOperatorNeedsIsRemovedFromTheChart() throws Exception {
    for (Mode mode : List.of(CLUSTER_WIDE, NAMESPACED)) {
      ApiRequest createDeployment =
          records.get(mode).stream()
              .filter(r -> r.verb().equals("create") && r.qualifiedResource().equals("deployments"))
              .findFirst()
              .orElseThrow(
                  () -> new AssertionError(mode.name() + ": the scenario created no Deployment"));
      ApiRequest getControlKey =
          records.get(mode).stream()
              .filter(r -> r.verb().equals("get") && r.resource().equals("secrets"))
              .findFirst()
              .orElseThrow(() -> new AssertionError(mode.name() + ": no control key Secret read"));

      ChartRbac without =
          new ChartRbac(withoutRule(charts.get(mode), "apps", "deployments", "create"));
      assertThat(without.denied(records.get(mode))).as(mode.name()).contains(createDeployment);

      // The Secret is readable by resourceName only: any other name must be denied.
      ApiRequest otherSecret =
          ApiRequest.resource(
              "get", "", "secrets", "", getControlKey.namespace(), "someone-elses-secret");
      assertThat(new ChartRbac(charts.get(mode)).denied(List.of(getControlKey, otherSecret)))
          .as(mode.name())
          .containsExactly(otherSecret);
    }
  }

  @Test
  void everyDocumentedPermissionIsUsedOrExplained() throws Exception {
    List<Permission> documented =
        RbacDoc.read(repo.root().resolve("docs/rbac.md"), RenderedChart.RELEASE + "-switchboard")
            .permissions();
    for (Mode mode : List.of(CLUSTER_WIDE, NAMESPACED)) {
      ChartRbac rbac = new ChartRbac(charts.get(mode));
      List<ApiRequest> record = records.get(mode);
      // Every request the chart allowed through its own rules is one the page documents.
      List<ApiRequest> undocumented =
          record.stream()
              .filter(
                  r ->
                      rbac.allowing(r)
                          .filter(g -> !g.binding().startsWith("ClusterRoleBinding/system:"))
                          .isPresent())
              .filter(r -> documented.stream().noneMatch(p -> p.covers(r, rbac.scopeOf(r))))
              .toList();
      assertThat(undocumented).as(mode.name() + ": requests docs/rbac.md does not list").isEmpty();
      // And every resource the page documents is one the operator used, or one explained above.
      // (Per resource, not per verb: whether a repeat event is bumped or an object updated rather
      // than recreated depends on timing; the report lists the unused verbs.)
      Set<String> unusedUnexplained = new TreeSet<>();
      for (Permission p : documented) {
        String key = (p.apiGroup().isEmpty() ? "core" : p.apiGroup()) + "/" + p.resource();
        boolean used =
            record.stream()
                .anyMatch(
                    r ->
                        rbac.scopeOf(r) == p.scope()
                            && r.apiGroup().equals(p.apiGroup())
                            && r.qualifiedResource().equals(p.resource()));
        if (!used && !NOT_EXERCISED.containsKey(key)) {
          unusedUnexplained.add(p.scope() + ": " + key);
        }
      }
      assertThat(unusedUnexplained)
          .as(
              mode.name()
                  + ": documented permissions the scenario never used (use them, or explain in NOT_EXERCISED)")
          .isEmpty();
    }
  }

  private void assertAllowed(Mode mode) {
    List<ApiRequest> record = records.get(mode);
    assertThat(record).as(mode.name() + " record").isNotEmpty();
    assertThat(new ChartRbac(charts.get(mode)).denied(record))
        .as(
            mode.name()
                + ": requests the chart's RBAC does not allow (see e2e/target/rbac/"
                + mode.name()
                + "-report.md)")
        .isEmpty();
  }

  /** The scenario, against a fresh mock API server; returns what the operator asked for. */
  private List<ApiRequest> runScenario(Mode mode, RenderedChart chart, Path recordFile)
      throws Exception {
    Path runDir = repo.root().resolve("e2e/target/rbac/run-" + mode.name());
    Files.createDirectories(runDir.resolve("logs"));
    List<ApiRequest> record;
    try (MockApiServer api = MockApiServer.start(repo, recordFile)) {
      api.answerSelfSubjectRulesReviews(new ChartRbac(chart)::rulesReview);
      KubernetesClient client = api.client();
      OperatorProcess operator =
          OperatorProcess.start(
              repo,
              api,
              chart.namespace(),
              runDir,
              List.of("-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"),
              localOperatorEnv(chart));
      LocalKubelet kubelet =
          new LocalKubelet(
              client,
              APP_NAMESPACE,
              new AppCatalog(repo),
              runDir,
              Map.of(
                  "SWITCHBOARD_DATA_DIR", repo.dataDir().toAbsolutePath().toString(),
                  "SWITCHBOARD_ROUTER_ENCODER_CACHE_DIR",
                      repo.root().resolve("target/encoder-cache").toString()));
      try {
        kubelet.start();
        scenario(client, kubelet);
      } finally {
        kubelet.close();
        operator.close();
      }
      record = api.operatorRequests();
    }
    return record;
  }

  private void scenario(KubernetesClient client, LocalKubelet kubelet) throws IOException {
    apply(client, repo.policies("quickstart"));
    await()
        .atMost(Duration.ofSeconds(150))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () -> {
              RoutingPolicy p =
                  client
                      .resources(RoutingPolicy.class)
                      .inNamespace(APP_NAMESPACE)
                      .withName("quickstart")
                      .get();
              return p != null && p.getStatus() != null && p.getStatus().isTrue("Ready");
            });
    RouterClient router =
        new RouterClient(
            kubelet.serviceUrl("quickstart-router", 80).orElseThrow(),
            "quickstart",
            QuickstartTenant.apiKey(repo));
    for (int i = 0; i < 3; i++) {
      assertThat(router.chat("What is 2 + " + i + "?", "rbac-" + i, 16).ok()).isTrue();
    }
    // The operator reads the router's spend through the gateway's Endpoints into the Budget.
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              Budget b =
                  client
                      .resources(Budget.class)
                      .inNamespace(APP_NAMESPACE)
                      .withName("quickstart")
                      .get();
              return b.getStatus() != null
                  && b.getStatus().getSpentTokens() != null
                  && b.getStatus().getSpentTokens() > 0;
            });
    // An expert removed from the pool: the operator deletes its Deployment and Service.
    OnConflict.retry(
        () ->
            client
                .resources(ExpertPool.class)
                .inNamespace(APP_NAMESPACE)
                .withName("quickstart")
                .edit(
                    pool -> {
                      pool.setSpec(
                          new ExpertPoolSpec(
                              pool.getSpec().experts().stream()
                                  .filter(e -> !e.name().equals("gpt-4"))
                                  .toList()));
                      return pool;
                    }));
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                client
                        .apps()
                        .deployments()
                        .inNamespace(APP_NAMESPACE)
                        .withName("quickstart-gpt-4")
                        .get()
                    == null);
    // Deleted: the operator removes its finalizers and the objects go.
    client
        .resources(RoutingPolicy.class)
        .inNamespace(APP_NAMESPACE)
        .withName("quickstart")
        .delete();
    client.resources(Budget.class).inNamespace(APP_NAMESPACE).withName("quickstart").delete();
    client.resources(ExpertPool.class).inNamespace(APP_NAMESPACE).withName("quickstart").delete();
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                client
                        .resources(RoutingPolicy.class)
                        .inNamespace(APP_NAMESPACE)
                        .list()
                        .getItems()
                        .isEmpty()
                    && client
                        .resources(Budget.class)
                        .inNamespace(APP_NAMESPACE)
                        .list()
                        .getItems()
                        .isEmpty()
                    && client
                        .resources(ExpertPool.class)
                        .inNamespace(APP_NAMESPACE)
                        .list()
                        .getItems()
                        .isEmpty());
  }

  /**
   * The chart's operator environment, less what only a pod has: the HTTP and webhook TLS ports and
   * certificate files (the harness picks a free loopback port and serves no webhook, since the mock
   * API server calls none) and the image's JVM options.
   */
  static Map<String, String> localOperatorEnv(RenderedChart chart) {
    Map<String, String> env = new LinkedHashMap<>(chart.operatorEnv());
    env.keySet().removeIf(k -> k.startsWith("QUARKUS_HTTP_") || k.equals("JAVA_OPTS_APPEND"));
    return env;
  }

  private static void apply(KubernetesClient client, Path folder) throws IOException {
    List<Path> files;
    try (var listing = Files.list(folder)) {
      files = listing.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
    for (Path file : files) {
      try (InputStream in = Files.newInputStream(file)) {
        for (HasMetadata object : client.load(in).items()) {
          client.resource(object).inNamespace(APP_NAMESPACE).createOr(NonDeletingOperation::update);
        }
      }
    }
  }

  /** The chart with {@code verb} on {@code group/resource} taken out of the operator's roles. */
  static RenderedChart withoutRule(
      RenderedChart chart, String group, String resource, String verb) {
    KubernetesSerialization serialization = new KubernetesSerialization();
    List<HasMetadata> objects = new ArrayList<>();
    boolean removed = false;
    for (HasMetadata object : chart.objects()) {
      HasMetadata copy = serialization.clone(object);
      List<PolicyRule> rules =
          copy instanceof Role role
              ? role.getRules()
              : copy instanceof ClusterRole role ? role.getRules() : null;
      if (rules != null) {
        for (PolicyRule rule : rules) {
          if (rule.getApiGroups().contains(group)
              && rule.getResources().contains(resource)
              && rule.getVerbs().contains(verb)) {
            rule.setVerbs(rule.getVerbs().stream().filter(v -> !v.equals(verb)).toList());
            removed = true;
          }
        }
      }
      objects.add(copy);
    }
    assertThat(removed).as("the chart grants %s %s/%s", verb, group, resource).isTrue();
    return new RenderedChart(chart.namespace(), objects);
  }

  private String report(Mode mode, List<ApiRequest> record) {
    ChartRbac rbac = new ChartRbac(charts.get(mode));
    StringBuilder text =
        new StringBuilder(
            "# Operator API requests, " + mode.name() + " install (" + mode.values() + ")\n\n");
    text.append("| request | allowed by |\n|---|---|\n");
    for (ApiRequest r : record) {
      text.append("| ")
          .append(r)
          .append(" | ")
          .append(rbac.allowing(r).map(Object::toString).orElse("**DENIED**"))
          .append(" |\n");
    }
    Set<String> chartOnly =
        rbac.chartPermissionsByNamespace().values().stream()
            .flatMap(Set::stream)
            .filter(p -> record.stream().noneMatch(r -> p.covers(r, rbac.scopeOf(r))))
            .map(Permission::toString)
            .collect(Collectors.toCollection(TreeSet::new));
    text.append("\n## Granted but not used in this scenario\n\n");
    chartOnly.forEach(p -> text.append("- ").append(p).append('\n'));
    return text.toString();
  }
}
