package io.switchboard.helm;

import static io.switchboard.helm.OperatorPodAssertions.env;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The operator's NetworkPolicy and the settings of the NetworkPolicies the operator renders. */
class ChartNetworkPolicyTest {

  @TempDir Path workDir;

  private RenderedChart render(Map<String, Object> values) {
    return new ChartRenderer(ChartLocation.locate().chart(), workDir).render(values);
  }

  @Test
  void operatorPodsAdmitOnlyTheWebhookPortAndTheOperatorKnowsItsOwnSelector() {
    RenderedChart chart = render(Map.of());
    JsonNode policy = chart.get("NetworkPolicy", "sb-switchboard-operator");
    JsonNode deployment = chart.get("Deployment", "sb-switchboard-operator");
    assertThat(policy.path("spec").path("podSelector").path("matchLabels"))
        .isEqualTo(deployment.path("spec").path("selector").path("matchLabels"));
    JsonNode ingress = policy.path("spec").path("ingress");
    assertThat(ingress).hasSize(1);
    assertThat(ingress.get(0).has("from")).as("the API server has no pod selector").isFalse();
    assertThat(ingress.get(0).path("ports")).hasSize(1);
    assertThat(ingress.get(0).path("ports").get(0).path("port").asInt()).isEqualTo(8443);

    assertThat(env(deployment, "SWITCHBOARD_OPERATOR_NETWORK_POLICIES_ENABLED")).hasValue("true");
    assertThat(env(deployment, "SWITCHBOARD_OPERATOR_NETWORK_POLICIES_OPERATOR_NAMESPACE"))
        .hasValue(ChartRenderer.NAMESPACE);
    Map<String, String> selector = new LinkedHashMap<>();
    deployment
        .path("spec")
        .path("template")
        .path("metadata")
        .path("labels")
        .fields()
        .forEachRemaining(e -> selector.put(e.getKey(), e.getValue().asText()));
    String labels =
        env(deployment, "SWITCHBOARD_OPERATOR_NETWORK_POLICIES_OPERATOR_POD_LABELS").orElseThrow();
    for (String pair : labels.split(",")) {
      String[] kv = pair.split("=", 2);
      assertThat(selector).containsEntry(kv[0], kv[1]);
    }
    assertThat(labels.split(",")).hasSize(3);
  }

  @Test
  void turnedOffNoNetworkPolicyAndTheOperatorRendersNone() {
    RenderedChart chart = render(Map.of("networkPolicy", Map.of("enabled", false)));
    assertThat(chart.ofKind("NetworkPolicy")).isEmpty();
    assertThat(
            env(
                chart.get("Deployment", "sb-switchboard-operator"),
                "SWITCHBOARD_OPERATOR_NETWORK_POLICIES_ENABLED"))
        .hasValue("false");
  }
}
