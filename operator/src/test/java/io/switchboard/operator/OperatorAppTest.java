package io.switchboard.operator;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.switchboard.api.v1alpha1.budget.Budget;
import io.switchboard.api.v1alpha1.budget.BudgetSpec;
import io.switchboard.api.v1alpha1.budget.Enforcement;
import io.switchboard.api.v1alpha1.budget.Limits;
import io.switchboard.api.v1alpha1.common.LocalRef;
import io.switchboard.api.v1alpha1.routingpolicy.RoutingMode;
import io.switchboard.api.v1alpha1.routingpolicy.RoutingPolicy;
import io.switchboard.api.v1alpha1.routingpolicy.RoutingPolicySpec;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The operator app boots against the Quarkus Kubernetes test server (Fabric8 mock, CRUD mode). */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
class OperatorAppTest {

  @Inject KubernetesClient client;

  @org.junit.jupiter.api.BeforeEach
  void installCrds() {
    io.switchboard.operator.CrdInstaller.install(client);
  }

  @Test
  void healthEndpointsReportControllersStarted() {
    given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                given()
                    .get("/q/health/ready")
                    .then()
                    .log()
                    .ifValidationFails()
                    .statusCode(200)
                    .body("status", equalTo("UP"))
                    .body("checks.find { it.name == 'controllers' }.status", equalTo("UP")));
  }

  @Test
  void prometheusMetricsIncludeReconcilerMetrics() {
    Budget budget = budget("metrics-probe", "default");
    client.resource(budget).create();
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                given()
                    .get("/q/metrics")
                    .then()
                    .statusCode(200)
                    .body(containsString("operator_sdk_reconciliations")));
  }

  @Test
  void budgetStatusCoversPoliciesThatReferenceIt() {
    client.resource(budget("team", "budgets-ns")).create();
    RoutingPolicy policy = new RoutingPolicy();
    policy.setMetadata(
        new ObjectMetaBuilder().withName("chat").withNamespace("budgets-ns").build());
    policy.setSpec(
        SpecEdits.of(
            RoutingPolicySpec.class,
            Map.of(
                "poolRef", new LocalRef("pool"),
                "mode", RoutingMode.CAPABILITY,
                "budgetRef", new LocalRef("team"))));
    client.resource(policy).create();

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              Budget current =
                  client.resources(Budget.class).inNamespace("budgets-ns").withName("team").get();
              assertThat(current.getStatus()).isNotNull();
              assertThat(current.getStatus().getCoveredPolicies()).containsExactly("chat");
              assertThat(current.getStatus().getPeriodStart()).endsWith("T00:00:00Z");
              assertThat(current.getStatus().isTrue("WithinBudget")).isTrue();
              assertThat(current.getStatus().getEnforcementLevel()).isEqualTo("none");
              assertThat(current.getStatus().getObservedGeneration())
                  .isEqualTo(current.getMetadata().getGeneration());
            });
  }

  private static Budget budget(String name, String namespace) {
    Budget budget = new Budget();
    budget.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
    budget.setSpec(
        new BudgetSpec(
            BudgetSpec.Period.DAY,
            new Limits(10.0, null),
            null,
            null,
            new Enforcement(Enforcement.Action.DOWNGRADE, 80, null),
            null));
    return budget;
  }
}
