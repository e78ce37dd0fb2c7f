package io.switchboard.router;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.switchboard.router.runtime.RouterStateManager;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A learned strategy's predicted quality reaches the client in {@code x-switchboard-decision} and
 * the operator in {@code switchboard_router_predicted_quality}; explicit feedback grades in {@code
 * switchboard_router_quality_grade}.
 */
@QuarkusTest
@TestProfile(PredictingTestStrategy.Profile.class)
@QuarkusTestResource(value = RouterTestResource.class, restrictToAnnotatedClass = true)
class PredictedQualityHttpTest {
  @ConfigProperty(name = "quarkus.http.test-port")
  int port;

  /** Health and metrics: the management interface, a port of its own. */
  @ConfigProperty(name = "quarkus.management.test-port")
  int managementPort;

  @Inject RouterStateManager states;

  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void useClassifierConfig() throws InterruptedException {
    String classifier =
        TestConfigs.weighted(RouterTestResource.experts, "\"fallback\":[\"fast\"]", "")
            .replace(
                "\"mode\":\"weighted\"",
                "\"mode\":\"classifier\",\"params\":{\"classifier\":{\"modelFile\":\"unused.json\"}}");
    RouterTestResource.writeConfig(classifier);
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (System.nanoTime() < deadline
        && (states.current() == null || !"classifier".equals(states.current().strategy().type()))) {
      Thread.sleep(20);
    }
    assertThat(states.current().strategy().type()).isEqualTo("classifier");
  }

  private HttpResponse<String> post(String path, String body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(10))
            .header("content-type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private String metrics() throws Exception {
    return http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + "/q/metrics"))
                .build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  @Test
  void theDecisionHeaderAndTheMetricsCarryThePredictedQuality() throws Exception {
    HttpResponse<String> r =
        post(
            "/v1/chat/completions",
            "{\"model\":\"auto\",\"messages\":[{\"role\":\"user\",\"content\":\"2+2?\"}]}");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("x-switchboard-expert")).contains("fast");
    assertThat(r.headers().firstValue("x-switchboard-decision"))
        .contains("classifier; predicted-quality; q=0.800");

    String id = r.headers().firstValue("x-request-id").orElseThrow();
    assertThat(post("/v1/feedback", "{\"request_id\":\"" + id + "\",\"score\":0.25}").statusCode())
        .isEqualTo(202);

    String metrics = metrics();
    assertThat(metrics)
        .containsPattern(
            "switchboard_router_predicted_quality_count\\{expert=\"fast\",policy=\"test\"} [1-9]")
        .containsPattern(
            "switchboard_router_predicted_quality_max\\{expert=\"fast\",policy=\"test\"} 0\\.8")
        .containsPattern(
            "switchboard_router_quality_grade_sum\\{expert=\"fast\",policy=\"test\",source=\"feedback\"} 0\\.25");
  }
}
