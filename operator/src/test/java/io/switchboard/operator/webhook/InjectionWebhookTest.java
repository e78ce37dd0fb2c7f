package io.switchboard.operator.webhook;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.restassured.http.ContentType;
import io.switchboard.api.v1alpha1.expertpool.ExpertPool;
import io.switchboard.api.v1alpha1.routingpolicy.RoutingPolicy;
import io.switchboard.operator.CrdInstaller;
import io.switchboard.operator.PolicyFiles;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The admission endpoint over HTTP, with policies and pools in the mock API server. */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
class InjectionWebhookTest {

  @Inject KubernetesClient client;

  @BeforeEach
  void installCrds() {
    CrdInstaller.install(client);
  }

  @Test
  void admissionReviewForMatchingPodReturnsJsonPatch() {
    create("hook", PolicyFiles.read("pools/hybrid-pool.yaml", ExpertPool.class));
    create("hook", PolicyFiles.read("routing/bandit.yaml", RoutingPolicy.class));

    String review =
        """
        {"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{
          "uid":"7f0c","kind":{"group":"","version":"v1","kind":"Pod"},"operation":"CREATE","namespace":"hook",
          "object":{"apiVersion":"v1","kind":"Pod","metadata":{"name":"web","labels":{"app":"assistant-frontend"}},
                    "spec":{"containers":[{"name":"app","image":"example/web:1"}]}}}}""";
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              var response =
                  given()
                      .contentType(ContentType.JSON)
                      .body(review)
                      .post("/webhooks/inject-router")
                      .then()
                      .statusCode(200)
                      .extract()
                      .jsonPath();
              assertThat(response.getString("response.uid")).isEqualTo("7f0c");
              assertThat(response.getBoolean("response.allowed")).isTrue();
              assertThat(response.getString("response.patchType")).isEqualTo("JSONPatch");
              String patch =
                  new String(
                      Base64.getDecoder().decode(response.getString("response.patch")),
                      StandardCharsets.UTF_8);
              assertThat(patch).contains("switchboard-router", "assistant-bandit-router-config");
            });
  }

  @Test
  void podWithoutMatchingPolicyIsAllowedUnchanged() {
    String review =
        """
        {"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{
          "uid":"1","kind":{"group":"","version":"v1","kind":"Pod"},"operation":"CREATE","namespace":"empty",
          "object":{"apiVersion":"v1","kind":"Pod","metadata":{"name":"web"},
                    "spec":{"containers":[{"name":"app","image":"example/web:1"}]}}}}""";
    var response =
        given()
            .contentType(ContentType.JSON)
            .body(review)
            .post("/webhooks/inject-router")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(response.getBoolean("response.allowed")).isTrue();
    assertThat(response.getString("response.patch")).isNull();
  }

  private void create(String ns, HasMetadata resource) {
    resource.getMetadata().setNamespace(ns);
    client.resource(resource).create();
  }
}
