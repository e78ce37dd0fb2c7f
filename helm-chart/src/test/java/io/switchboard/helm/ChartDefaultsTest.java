package io.switchboard.helm;

import static io.switchboard.helm.ChartRenderer.NAMESPACE;
import static io.switchboard.helm.OperatorPodAssertions.env;
import static io.switchboard.helm.OperatorPodAssertions.texts;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The chart as `helm install` renders it with no values given. */
class ChartDefaultsTest {

  private static final Set<String> CLUSTER_SCOPED =
      Set.of("ClusterRole", "ClusterRoleBinding", "MutatingWebhookConfiguration");

  @TempDir static Path workDir;
  static RenderedChart chart;

  @BeforeAll
  static void render() {
    chart = new ChartRenderer(ChartLocation.locate().chart(), workDir).render(Map.of());
  }

  @Test
  void rendersTheOperatorItsRbacAndTheInjectionWebhook() {
    assertThat(chart.kinds())
        .containsExactly(
            "ClusterRole",
            "ClusterRoleBinding",
            "Deployment",
            "MutatingWebhookConfiguration",
            "NetworkPolicy",
            "Role",
            "RoleBinding",
            "Secret",
            "Service",
            "ServiceAccount");
    chart.get("Deployment", "sb-switchboard-operator");
    chart.get("ServiceAccount", "sb-switchboard");
    chart.get("Service", "sb-switchboard-metrics");
    chart.get("Service", "sb-switchboard-webhook");
    chart.get("Secret", "sb-switchboard-webhook-tls");
    chart.get("MutatingWebhookConfiguration", "sb-switchboard-inject-router");
    assertThat(chart.ofKind("PodDisruptionBudget")).as("no PDB with one replica").isEmpty();
  }

  @Test
  void namespacedObjectsLiveInTheReleaseNamespace() {
    for (JsonNode document : chart.documents()) {
      String kind = document.path("kind").asText();
      String namespace = document.path("metadata").path("namespace").asText();
      if (CLUSTER_SCOPED.contains(kind)) {
        assertThat(namespace).as("%s is cluster-scoped", kind).isEmpty();
      } else {
        assertThat(namespace).as("%s namespace", kind).isEqualTo(NAMESPACE);
      }
      assertThat(
              document
                  .path("metadata")
                  .path("labels")
                  .path("app.kubernetes.io/managed-by")
                  .asText())
          .as("%s labels", kind)
          .isEqualTo("Helm");
    }
  }

  @Test
  void everyObjectBindsToTheKubernetesApiWithoutUnknownFields() {
    KubernetesModelCheck check = new KubernetesModelCheck();
    assertThat(chart.documents()).flatMap(check::unknownFields).isEmpty();
  }

  @Test
  void everyDeploymentIsProbedLimitedAndRestricted() {
    assertThat(chart.ofKind("Deployment")).isNotEmpty();
    chart.ofKind("Deployment").forEach(OperatorPodAssertions::assertProductionReady);
  }

  @Test
  void operatorIsConfiguredThroughItsEnvironment() {
    JsonNode deployment = chart.get("Deployment", "sb-switchboard-operator");
    assertThat(deployment.path("spec").path("replicas").asInt()).isEqualTo(1);
    assertThat(deployment.path("spec").path("template").path("spec").has("affinity")).isFalse();
    assertThat(env(deployment, "SWITCHBOARD_OPERATOR_LEADER_ELECTION_ENABLED")).hasValue("false");
    assertThat(env(deployment, "SWITCHBOARD_OPERATOR_LEADER_ELECTION_LEASE_NAMESPACE"))
        .hasValue(NAMESPACE);
    assertThat(env(deployment, "SWITCHBOARD_OPERATOR_WATCH_NAMESPACES"))
        .as("all namespaces")
        .isEmpty();
    assertThat(env(deployment, "SWITCHBOARD_OPERATOR_ROUTER_IMAGE"))
        .hasValue("ghcr.io/switchboard/router:0.1.0");
    // Routers' health and metrics on a management port of their own (the gateway Service
    // exposes only the API port); a sidecar's ports are high, beside the application's.
    assertThat(env(deployment, "SWITCHBOARD_OPERATOR_ROUTER_PORT")).hasValue("8080");
    assertThat(env(deployment, "SWITCHBOARD_OPERATOR_ROUTER_MANAGEMENT_PORT")).hasValue("9000");
    assertThat(env(deployment, "SWITCHBOARD_OPERATOR_ROUTER_SIDECAR_PORT")).hasValue("15080");
    assertThat(env(deployment, "SWITCHBOARD_OPERATOR_ROUTER_SIDECAR_MANAGEMENT_PORT"))
        .hasValue("15090");
    assertThat(env(deployment, "QUARKUS_HTTP_SSL_PORT")).hasValue("8443");
    assertThat(env(deployment, "QUARKUS_HTTP_SSL_CERTIFICATE_FILES"))
        .hasValue("/etc/switchboard/webhook-tls/tls.crt");
    assertThat(env(deployment, "QUARKUS_HTTP_SSL_CERTIFICATE_KEY_FILES"))
        .hasValue("/etc/switchboard/webhook-tls/tls.key");
    assertThat(env(deployment, "QUARKUS_HTTP_SSL_CERTIFICATE_RELOAD_PERIOD"))
        .as("renewed certificates are reloaded")
        .hasValue("1h");
    assertThat(OperatorPodAssertions.operatorContainer(deployment).path("image").asText())
        .isEqualTo("ghcr.io/switchboard/operator:0.1.0");
  }

  @Test
  void watchingAllNamespacesUsesOneClusterRoleThatNeverReadsSecrets() {
    JsonNode role = chart.get("ClusterRole", "sb-switchboard-operator");
    JsonNode binding = chart.get("ClusterRoleBinding", "sb-switchboard-operator");
    assertThat(binding.path("roleRef").path("name").asText()).isEqualTo("sb-switchboard-operator");
    assertThat(binding.path("subjects").get(0).path("name").asText()).isEqualTo("sb-switchboard");
    assertThat(binding.path("subjects").get(0).path("namespace").asText()).isEqualTo(NAMESPACE);
    assertThat(RbacRules.of(role)).isEqualTo(RbacRules.expectedOperatorRules());
  }

  @Test
  void leasesAreGrantedInTheReleaseNamespaceOnly() {
    JsonNode role = chart.get("Role", "sb-switchboard-leader-election");
    assertThat(role.path("metadata").path("namespace").asText()).isEqualTo(NAMESPACE);
    assertThat(RbacRules.of(role))
        .containsExactly(
            new RbacRules.Grant(
                "coordination.k8s.io", "leases", Set.of("get", "create", "update", "patch")));
    assertThat(RbacRules.of(chart.get("ClusterRole", "sb-switchboard-operator")))
        .noneMatch(grant -> grant.resource().equals("leases"));
  }

  @Test
  void builtInViewAndEditRolesCoverTheThreeKinds() {
    JsonNode view = chart.get("ClusterRole", "sb-switchboard-view");
    JsonNode edit = chart.get("ClusterRole", "sb-switchboard-edit");
    assertThat(
            view.path("metadata")
                .path("labels")
                .path("rbac.authorization.k8s.io/aggregate-to-view")
                .asText())
        .isEqualTo("true");
    assertThat(
            edit.path("metadata")
                .path("labels")
                .path("rbac.authorization.k8s.io/aggregate-to-edit")
                .asText())
        .isEqualTo("true");
    assertThat(RbacRules.of(view))
        .allMatch(grant -> grant.verbs().equals(Set.of("get", "list", "watch")))
        .extracting(RbacRules.Grant::resource)
        .contains("expertpools", "routingpolicies", "budgets");
    assertThat(RbacRules.of(edit))
        .extracting(RbacRules.Grant::resource)
        .containsExactlyInAnyOrder("expertpools", "routingpolicies", "budgets");
    assertThat(RbacRules.of(edit))
        .allMatch(grant -> grant.verbs().containsAll(Set.of("create", "delete", "patch")));
  }

  @Test
  void webhookInjectsOnPodCreationOnlyInLabelledNamespaces() {
    JsonNode webhook =
        chart
            .get("MutatingWebhookConfiguration", "sb-switchboard-inject-router")
            .path("webhooks")
            .get(0);
    assertThat(webhook.path("failurePolicy").asText()).isEqualTo("Ignore");
    assertThat(webhook.path("sideEffects").asText()).isEqualTo("None");
    assertThat(texts(webhook.path("admissionReviewVersions"))).containsExactly("v1");
    assertThat(webhook.path("timeoutSeconds").asInt()).isEqualTo(5);
    assertThat(webhook.path("reinvocationPolicy").asText()).isEqualTo("Never");
    JsonNode rule = webhook.path("rules").get(0);
    assertThat(webhook.path("rules")).hasSize(1);
    assertThat(texts(rule.path("operations"))).containsExactly("CREATE");
    assertThat(texts(rule.path("resources"))).containsExactly("pods");
    assertThat(texts(rule.path("apiGroups"))).containsExactly("");
    JsonNode service = webhook.path("clientConfig").path("service");
    assertThat(service.path("name").asText()).isEqualTo("sb-switchboard-webhook");
    assertThat(service.path("namespace").asText()).isEqualTo(NAMESPACE);
    assertThat(service.path("path").asText()).isEqualTo("/webhooks/inject-router");
    JsonNode selector = webhook.path("namespaceSelector");
    assertThat(selector.path("matchLabels").path("switchboard.io/injection").asText())
        .isEqualTo("enabled");
    JsonNode exclusion = selector.path("matchExpressions").get(0);
    assertThat(exclusion.path("key").asText()).isEqualTo("kubernetes.io/metadata.name");
    assertThat(exclusion.path("operator").asText()).isEqualTo("NotIn");
    assertThat(texts(exclusion.path("values"))).containsExactlyInAnyOrder(NAMESPACE, "kube-system");
    assertThat(selector.path("matchExpressions"))
        .as("no namespace allow-list when watching all")
        .hasSize(1);

    JsonNode webhookService = chart.get("Service", "sb-switchboard-webhook");
    assertThat(webhookService.path("spec").path("ports").get(0).path("port").asInt())
        .isEqualTo(443);
    assertThat(webhookService.path("spec").path("ports").get(0).path("targetPort").asText())
        .isEqualTo("webhook");
  }

  @Test
  void generatedServingCertificateIsSignedByTheCaTheApiServerTrusts() throws Exception {
    JsonNode secret = chart.get("Secret", "sb-switchboard-webhook-tls");
    String caBundle =
        chart
            .get("MutatingWebhookConfiguration", "sb-switchboard-inject-router")
            .path("webhooks")
            .get(0)
            .path("clientConfig")
            .path("caBundle")
            .asText();
    assertThat(caBundle).isEqualTo(secret.path("data").path("ca.crt").asText());
    X509Certificate ca = certificate(caBundle);
    X509Certificate serving = certificate(secret.path("data").path("tls.crt").asText());
    serving.verify(ca.getPublicKey());
    List<String> dnsNames =
        serving.getSubjectAlternativeNames().stream().map(san -> san.get(1).toString()).toList();
    assertThat(dnsNames).contains("sb-switchboard-webhook." + NAMESPACE + ".svc");
    assertThat(new String(Base64.getDecoder().decode(secret.path("data").path("tls.key").asText())))
        .contains("PRIVATE KEY");
    // The pod template carries a checksum of this certificate so a new one restarts the operator.
    assertThat(
            chart
                .get("Deployment", "sb-switchboard-operator")
                .path("spec")
                .path("template")
                .path("metadata")
                .path("annotations")
                .path("checksum/webhook-certificate")
                .asText())
        .hasSize(64);
    assertThat(
            chart
                .get("Deployment", "sb-switchboard-operator")
                .path("spec")
                .path("template")
                .path("spec")
                .path("volumes")
                .findValuesAsText("secretName"))
        .containsExactly("sb-switchboard-webhook-tls");
  }

  private static X509Certificate certificate(String base64Pem) throws Exception {
    byte[] pem = Base64.getDecoder().decode(base64Pem);
    return (X509Certificate)
        CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(pem));
  }
}
