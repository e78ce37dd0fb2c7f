package io.switchboard.helm;

import static io.switchboard.helm.ChartRenderer.NAMESPACE;
import static io.switchboard.helm.OperatorPodAssertions.env;
import static io.switchboard.helm.OperatorPodAssertions.texts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The chart with the values that change its shape. */
class ChartValuesTest {

  @TempDir static Path workDir;
  static ChartRenderer renderer;

  @BeforeAll
  static void renderer() {
    renderer = new ChartRenderer(ChartLocation.locate().chart(), workDir);
  }

  static Stream<Arguments> configurations() {
    return Stream.of(
        Arguments.of("watchNamespaces", Map.of("watchNamespaces", List.of("team-a", "team-b"))),
        Arguments.of("replicas 2", Map.of("replicas", 2)),
        Arguments.of(
            "cert-manager", Map.of("webhook", Map.of("certManager", Map.of("enabled", true)))),
        Arguments.of("webhook off", Map.of("webhook", Map.of("enabled", false))),
        Arguments.of(
            "everything on",
            Map.of(
                "replicas",
                3,
                "watchNamespaces",
                List.of("team-a"),
                "metrics",
                Map.of("serviceMonitor", Map.of("enabled", true)),
                "argocd",
                Map.of("configureHealthChecks", true),
                "podAnnotations",
                Map.of("example.com/team", "platform"),
                "extraEnv",
                List.of(Map.of("name", "QUARKUS_LOG_LEVEL", "value", "DEBUG")),
                "affinity",
                Map.of(
                    "podAntiAffinity",
                    Map.of(
                        "preferredDuringSchedulingIgnoredDuringExecution",
                        List.of(
                            Map.of(
                                "weight",
                                100,
                                "podAffinityTerm",
                                Map.of(
                                    "topologyKey",
                                    "kubernetes.io/hostname",
                                    "labelSelector",
                                    Map.of(
                                        "matchLabels",
                                        Map.of("app.kubernetes.io/name", "switchboard"))))))))),
        Arguments.of(
            "no RBAC",
            Map.of(
                "rbac",
                Map.of("create", false),
                "serviceAccount",
                Map.of("create", false, "name", "platform-operator"))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("configurations")
  void everyConfigurationRendersValidRestrictedObjects(String description, Map<String, ?> values) {
    RenderedChart chart = renderer.render(values);
    KubernetesModelCheck check = new KubernetesModelCheck();
    assertThat(chart.documents()).flatMap(check::unknownFields).isEmpty();
    assertThat(chart.ofKind("Deployment")).hasSize(1);
    chart.ofKind("Deployment").forEach(OperatorPodAssertions::assertProductionReady);
  }

  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  class WatchingListedNamespaces {

    RenderedChart chart;

    @BeforeAll
    void render() {
      chart = renderer.render(Map.of("watchNamespaces", List.of("team-a", "team-b")));
    }

    @Test
    void grantsARolePerWatchedNamespaceAndNothingClusterWideForWorkloads() {
      assertThat(chart.ofKind("ClusterRoleBinding")).isEmpty();
      assertThat(chart.ofKind("ClusterRole"))
          .extracting(role -> role.path("metadata").path("name").asText())
          .as("only the user-facing aggregated roles stay cluster-scoped")
          .containsExactlyInAnyOrder("sb-switchboard-view", "sb-switchboard-edit");
      List<JsonNode> operatorRoles =
          chart.ofKind("Role").stream()
              .filter(
                  role ->
                      role.path("metadata").path("name").asText().equals("sb-switchboard-operator"))
              .toList();
      assertThat(operatorRoles)
          .extracting(role -> role.path("metadata").path("namespace").asText())
          .containsExactlyInAnyOrder("team-a", "team-b");
      operatorRoles.forEach(
          role -> assertThat(RbacRules.of(role)).isEqualTo(RbacRules.expectedOperatorRules()));
      List<JsonNode> bindings =
          chart.ofKind("RoleBinding").stream()
              .filter(
                  binding ->
                      binding
                          .path("roleRef")
                          .path("name")
                          .asText()
                          .equals("sb-switchboard-operator"))
              .toList();
      assertThat(bindings)
          .hasSize(2)
          .allSatisfy(
              binding -> {
                assertThat(binding.path("roleRef").path("kind").asText()).isEqualTo("Role");
                assertThat(binding.path("subjects").get(0).path("namespace").asText())
                    .isEqualTo(NAMESPACE);
              });
      assertThat(
              chart
                  .get("Role", "sb-switchboard-leader-election")
                  .path("metadata")
                  .path("namespace")
                  .asText())
          .isEqualTo(NAMESPACE);
    }

    @Test
    void tellsTheOperatorWhichNamespacesToWatch() {
      assertThat(
              env(
                  chart.get("Deployment", "sb-switchboard-operator"),
                  "SWITCHBOARD_OPERATOR_WATCH_NAMESPACES"))
          .hasValue("team-a,team-b");
    }

    @Test
    void injectsOnlyIntoWatchedNamespaces() {
      JsonNode expressions =
          chart
              .get("MutatingWebhookConfiguration", "sb-switchboard-inject-router")
              .path("webhooks")
              .get(0)
              .path("namespaceSelector")
              .path("matchExpressions");
      assertThat(expressions).hasSize(2);
      assertThat(expressions.get(1).path("operator").asText()).isEqualTo("In");
      assertThat(texts(expressions.get(1).path("values"))).containsExactly("team-a", "team-b");
    }
  }

  @Test
  void twoReplicasElectALeaderAndKeepOneThroughDrains() {
    RenderedChart chart = renderer.render(Map.of("replicas", 2));
    JsonNode deployment = chart.get("Deployment", "sb-switchboard-operator");
    assertThat(deployment.path("spec").path("replicas").asInt()).isEqualTo(2);
    assertThat(env(deployment, "SWITCHBOARD_OPERATOR_LEADER_ELECTION_ENABLED")).hasValue("true");
    assertThat(env(deployment, "SWITCHBOARD_OPERATOR_LEADER_ELECTION_LEASE_NAME"))
        .hasValue("switchboard-operator-leader");
    JsonNode spread =
        deployment
            .path("spec")
            .path("template")
            .path("spec")
            .path("affinity")
            .path("podAntiAffinity")
            .path("preferredDuringSchedulingIgnoredDuringExecution")
            .get(0)
            .path("podAffinityTerm");
    assertThat(spread.path("topologyKey").asText()).isEqualTo("kubernetes.io/hostname");
    assertThat(spread.path("labelSelector").path("matchLabels"))
        .isEqualTo(deployment.path("spec").path("selector").path("matchLabels"));
    JsonNode pdb = chart.get("PodDisruptionBudget", "sb-switchboard-operator");
    assertThat(pdb.path("spec").path("minAvailable").asInt()).isEqualTo(1);
    assertThat(pdb.path("spec").path("selector").path("matchLabels"))
        .isEqualTo(deployment.path("spec").path("selector").path("matchLabels"));
  }

  @Test
  void refusesSeveralReplicasWithoutLeaderElection() {
    assertThatThrownBy(
            () ->
                renderer.render(Map.of("replicas", 3, "leaderElection", Map.of("enabled", false))))
        .hasMessageContaining("replicas > 1 needs leader election");
  }

  @Test
  void leaderElectionCanBeForcedOnForOneReplica() {
    RenderedChart chart = renderer.render(Map.of("leaderElection", Map.of("enabled", true)));
    assertThat(
            env(
                chart.get("Deployment", "sb-switchboard-operator"),
                "SWITCHBOARD_OPERATOR_LEADER_ELECTION_ENABLED"))
        .hasValue("true");
    assertThat(chart.ofKind("PodDisruptionBudget")).isEmpty();
  }

  @Test
  void certManagerIssuesTheWebhookCertificateAndInjectsItsCa() {
    RenderedChart chart =
        renderer.render(Map.of("webhook", Map.of("certManager", Map.of("enabled", true))));
    assertThat(chart.ofKind("Secret")).as("cert-manager writes the Secret").isEmpty();
    JsonNode issuer = chart.get("Issuer", "sb-switchboard-selfsigned");
    assertThat(issuer.path("spec").has("selfSigned")).isTrue();
    JsonNode certificate = chart.get("Certificate", "sb-switchboard-webhook");
    assertThat(certificate.path("spec").path("secretName").asText())
        .isEqualTo("sb-switchboard-webhook-tls");
    assertThat(texts(certificate.path("spec").path("dnsNames")))
        .contains("sb-switchboard-webhook." + NAMESPACE + ".svc");
    assertThat(certificate.path("spec").path("issuerRef").path("name").asText())
        .isEqualTo("sb-switchboard-selfsigned");
    JsonNode configuration =
        chart.get("MutatingWebhookConfiguration", "sb-switchboard-inject-router");
    assertThat(
            configuration
                .path("metadata")
                .path("annotations")
                .path("cert-manager.io/inject-ca-from")
                .asText())
        .isEqualTo(NAMESPACE + "/sb-switchboard-webhook");
    assertThat(configuration.path("webhooks").get(0).path("clientConfig").has("caBundle"))
        .isFalse();
    JsonNode deployment = chart.get("Deployment", "sb-switchboard-operator");
    assertThat(
            deployment
                .path("spec")
                .path("template")
                .path("spec")
                .path("volumes")
                .findValuesAsText("secretName"))
        .containsExactly("sb-switchboard-webhook-tls");
    assertThat(
            deployment
                .path("spec")
                .path("template")
                .path("metadata")
                .path("annotations")
                .has("checksum/webhook-certificate"))
        .isFalse();
  }

  @Test
  void byDefaultTheOperatorGeneratesTheControlKeyWithAccessToThatOneSecretOnly() {
    RenderedChart chart = renderer.render(Map.of());
    JsonNode deployment = chart.get("Deployment", "sb-switchboard-operator");
    assertThat(env(deployment, "SWITCHBOARD_OPERATOR_ROUTER_CONTROL_KEY_SECRET"))
        .contains("sb-switchboard-router-control-key");
    assertThat(env(deployment, "SWITCHBOARD_OPERATOR_NAMESPACE")).contains(NAMESPACE);
    JsonNode role = chart.get("Role", "sb-switchboard-router-control-key");
    assertThat(role.path("metadata").path("namespace").asText()).isEqualTo(NAMESPACE);
    assertThat(role.path("rules"))
        .hasSize(2)
        .anySatisfy(
            rule -> {
              assertThat(OperatorPodAssertions.texts(rule.path("verbs"))).containsExactly("get");
              assertThat(OperatorPodAssertions.texts(rule.path("resourceNames")))
                  .containsExactly("sb-switchboard-router-control-key");
            })
        .anySatisfy(
            rule ->
                assertThat(OperatorPodAssertions.texts(rule.path("verbs")))
                    .containsExactly("create"));
    assertThat(
            chart
                .get("RoleBinding", "sb-switchboard-router-control-key")
                .path("subjects")
                .get(0)
                .path("name")
                .asText())
        .isEqualTo("sb-switchboard");
    // No Secret access anywhere else: not cluster-wide, not in the watched namespaces.
    assertThat(chart.ofKind("ClusterRole"))
        .allSatisfy(r -> assertThat(r.path("rules").toString()).doesNotContain("\"secrets\""));
  }

  @Test
  void aRouterControlKeySecretIsMountedIntoTheOperatorOnly() {
    JsonNode plain = renderer.render(Map.of()).get("Deployment", "sb-switchboard-operator");
    assertThat(env(plain, "SWITCHBOARD_OPERATOR_ROUTER_CONTROL_KEY_FILE")).isEmpty();

    RenderedChart chart =
        renderer.render(Map.of("router", Map.of("controlKeySecret", "router-control")));
    JsonNode deployment = chart.get("Deployment", "sb-switchboard-operator");
    assertThat(env(deployment, "SWITCHBOARD_OPERATOR_ROUTER_CONTROL_KEY_FILE"))
        .contains("/etc/switchboard/router-control/key");
    assertThat(deployment.path("spec").path("template").path("spec").path("volumes"))
        .anySatisfy(
            volume -> {
              assertThat(volume.path("secret").path("secretName").asText())
                  .isEqualTo("router-control");
              assertThat(volume.path("secret").path("defaultMode").asInt()).isEqualTo(0400);
            });
    assertThat(OperatorPodAssertions.operatorContainer(deployment).path("volumeMounts"))
        .anySatisfy(
            mount -> {
              assertThat(mount.path("mountPath").asText())
                  .isEqualTo("/etc/switchboard/router-control");
              assertThat(mount.path("readOnly").asBoolean()).isTrue();
            });
    // The kubelet mounts it: the operator still gets no permission on Secrets.
    assertThat(chart.ofKind("ClusterRole"))
        .allSatisfy(
            role -> assertThat(role.path("rules").toString()).doesNotContain("\"secrets\""));
    assertThat(chart.ofKind("Role"))
        .allSatisfy(
            role -> assertThat(role.path("rules").toString()).doesNotContain("\"secrets\""));
    OperatorPodAssertions.assertProductionReady(deployment);
  }

  @Test
  void webhookOffRemovesInjectionAndTheHttpsPort() {
    RenderedChart chart = renderer.render(Map.of("webhook", Map.of("enabled", false)));
    assertThat(chart.kinds())
        .doesNotContain("MutatingWebhookConfiguration", "Secret", "Certificate", "Issuer");
    assertThat(chart.ofKind("Service"))
        .extracting(service -> service.path("metadata").path("name").asText())
        .containsExactly("sb-switchboard-metrics");
    JsonNode deployment = chart.get("Deployment", "sb-switchboard-operator");
    assertThat(env(deployment, "QUARKUS_HTTP_SSL_PORT")).isEmpty();
    assertThat(OperatorPodAssertions.operatorContainer(deployment).path("ports")).hasSize(1);
    assertThat(deployment.path("spec").path("template").path("spec").path("volumes")).hasSize(1);
    OperatorPodAssertions.assertProductionReady(deployment);
  }

  @Test
  void failurePolicyFailIsPassedThrough() {
    RenderedChart chart = renderer.render(Map.of("webhook", Map.of("failurePolicy", "Fail")));
    assertThat(
            chart
                .get("MutatingWebhookConfiguration", "sb-switchboard-inject-router")
                .path("webhooks")
                .get(0)
                .path("failurePolicy")
                .asText())
        .isEqualTo("Fail");
  }

  @Test
  void serviceMonitorScrapesTheMetricsServiceOnly() {
    RenderedChart chart =
        renderer.render(
            Map.of(
                "metrics",
                Map.of(
                    "serviceMonitor",
                    Map.of("enabled", true, "labels", Map.of("release", "prometheus")))));
    JsonNode monitor = chart.get("ServiceMonitor", "sb-switchboard-operator");
    assertThat(monitor.path("metadata").path("labels").path("release").asText())
        .isEqualTo("prometheus");
    JsonNode endpoint = monitor.path("spec").path("endpoints").get(0);
    assertThat(endpoint.path("path").asText()).isEqualTo("/q/metrics");
    assertThat(endpoint.path("port").asText()).isEqualTo("http-metrics");
    JsonNode selector = monitor.path("spec").path("selector").path("matchLabels");
    for (JsonNode service : chart.ofKind("Service")) {
      boolean selected = true;
      for (var label : (Iterable<Map.Entry<String, JsonNode>>) selector::fields) {
        selected &=
            label
                .getValue()
                .asText()
                .equals(service.path("metadata").path("labels").path(label.getKey()).asText());
      }
      assertThat(selected)
          .as("selects %s", service.path("metadata").path("name").asText())
          .isEqualTo(
              service.path("metadata").path("name").asText().equals("sb-switchboard-metrics"));
    }
  }

  @Test
  void argoCdHealthCheckConfigMapCarriesTheShippedLuaScripts() throws Exception {
    RenderedChart chart = renderer.render(Map.of("argocd", Map.of("configureHealthChecks", true)));
    JsonNode data = chart.get("ConfigMap", "sb-switchboard-argocd-health").path("data");
    ChartLocation location = ChartLocation.locate();
    Map<String, String> scripts =
        Map.of(
            "resource.customizations.health.switchboard.io_ExpertPool", "switchboard-health.lua",
            "resource.customizations.health.switchboard.io_RoutingPolicy", "switchboard-health.lua",
            "resource.customizations.health.switchboard.io_Budget", "switchboard-health.lua");
    assertThat(data.size()).isEqualTo(scripts.size());
    for (var entry : scripts.entrySet()) {
      String shipped = Files.readString(location.argoCdHealthCheck(entry.getValue()));
      assertThat(data.path(entry.getKey()).asText().strip())
          .as(entry.getKey())
          .isEqualTo(shipped.strip());
    }
  }

  @Test
  void installNotesDescribeWhatWasInstalled() {
    String defaults = renderer.installNotes(Map.of());
    assertThat(defaults)
        .contains(
            "Watching: all namespaces (ClusterRole)",
            "kubectl label namespace <namespace> switchboard.io/injection=enabled",
            "start WITHOUT the router",
            "/q/metrics");
    String namespaced =
        renderer.installNotes(
            Map.of(
                "watchNamespaces",
                List.of("team-a", "team-b"),
                "replicas",
                2,
                "webhook",
                Map.of("failurePolicy", "Fail", "certManager", Map.of("enabled", true))));
    assertThat(namespaced)
        .contains(
            "Watching: team-a, team-b (Role + RoleBinding in each)",
            "leader election: true",
            "REFUSED while the operator is down",
            "issued by cert-manager");
    assertThat(renderer.installNotes(Map.of("webhook", Map.of("enabled", false))))
        .contains("Sidecar injection is off")
        .doesNotContain("kubectl label namespace");
  }

  @Test
  void withoutRbacCreationTheChartUsesAnExistingServiceAccount() {
    RenderedChart chart =
        renderer.render(
            Map.of(
                "rbac",
                Map.of("create", false),
                "serviceAccount",
                Map.of("create", false, "name", "platform-operator")));
    assertThat(chart.kinds())
        .doesNotContain(
            "ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding", "ServiceAccount");
    assertThat(
            chart
                .get("Deployment", "sb-switchboard-operator")
                .path("spec")
                .path("template")
                .path("spec")
                .path("serviceAccountName")
                .asText())
        .isEqualTo("platform-operator");
  }

  @Test
  void schedulingValuesReachThePod() {
    RenderedChart chart =
        renderer.render(
            Map.of(
                "nodeSelector", Map.of("kubernetes.io/os", "linux"),
                "tolerations",
                    List.of(
                        Map.of(
                            "key",
                            "dedicated",
                            "operator",
                            "Equal",
                            "value",
                            "platform",
                            "effect",
                            "NoSchedule")),
                "image",
                    Map.of("repository", "registry.example/switchboard/operator", "tag", "0.2.0"),
                "router",
                    Map.of(
                        "image",
                        Map.of(
                            "repository", "registry.example/switchboard/router", "tag", "0.2.0"))));
    JsonNode deployment = chart.get("Deployment", "sb-switchboard-operator");
    JsonNode pod = deployment.path("spec").path("template").path("spec");
    assertThat(pod.path("nodeSelector").path("kubernetes.io/os").asText()).isEqualTo("linux");
    assertThat(pod.path("tolerations").get(0).path("key").asText()).isEqualTo("dedicated");
    assertThat(OperatorPodAssertions.operatorContainer(deployment).path("image").asText())
        .isEqualTo("registry.example/switchboard/operator:0.2.0");
    assertThat(env(deployment, "SWITCHBOARD_OPERATOR_ROUTER_IMAGE"))
        .hasValue("registry.example/switchboard/router:0.2.0");
  }
}
