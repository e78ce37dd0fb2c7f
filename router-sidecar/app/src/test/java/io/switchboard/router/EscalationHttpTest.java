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
 * The data plane executes a strategy's escalation plan: buffer, check, escalate, deliver the
 * accepted stage.
 */
@QuarkusTest
@TestProfile(EscalationProfile.class)
@QuarkusTestResource(value = RouterTestResource.class, restrictToAnnotatedClass = true)
class EscalationHttpTest {
  @ConfigProperty(name = "quarkus.http.test-port")
  int port;

  @Inject RouterStateManager states;

  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void useCascadeConfig() throws InterruptedException {
    String cascade =
        TestConfigs.weighted(RouterTestResource.experts, "\"fallback\":[\"fast\"]", "")
            .replace(
                "\"mode\":\"weighted\"",
                "\"mode\":\"cascade\",\"params\":{\"cascade\":{\"order\":[\"fast\",\"fast2\"]}}");
    RouterTestResource.writeConfig(cascade);
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (System.nanoTime() < deadline
        && (states.current() == null || !"cascade".equals(states.current().strategy().type()))) {
      Thread.sleep(20);
    }
    assertThat(states.current().strategy().type()).isEqualTo("cascade");
    EscalatingTestStrategy.CHECKED.clear();
  }

  private HttpResponse<String> chat(String extra) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/chat/completions"))
            .timeout(Duration.ofSeconds(10))
            .header("content-type", "application/json")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    "{\"model\":\"auto\",\"messages\":[{\"role\":\"user\",\"content\":\"2+2?\"}]"
                        + extra
                        + "}"))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void escalatesWhenTheCheckRejectsAndServesTheAcceptedStage() throws Exception {
    int fastBefore = RouterTestResource.experts.hits("fast");
    int fast2Before = RouterTestResource.experts.hits("fast2");

    HttpResponse<String> r = chat("");

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("x-switchboard-expert")).contains("fast2");
    assertThat(r.headers().firstValue("x-switchboard-decision"))
        .hasValueSatisfying(v -> assertThat(v).isEqualTo("cascade; test-cascade; stage=1; last"));
    assertThat(r.body()).contains("\"model\":\"fast2-model\"");
    assertThat(RouterTestResource.experts.hits("fast") - fastBefore).isEqualTo(1);
    assertThat(RouterTestResource.experts.hits("fast2") - fast2Before).isEqualTo(1);
    // the plan asked for logprobs: the router added them upstream and the check saw them
    assertThat(RouterTestResource.experts.lastBody.get("fast")).contains("\"logprobs\":true");
    assertThat(EscalatingTestStrategy.CHECKED).hasSize(1);
    assertThat(EscalatingTestStrategy.CHECKED.get(0).tokenLogprobs()).containsExactly(-0.5, -1.5);
    assertThat(EscalatingTestStrategy.CHECKED.get(0).text()).isEqualTo("Hello there");
  }

  @Test
  void streamedRequestsReplayTheAcceptedStagesFrames() throws Exception {
    HttpResponse<String> r = chat(",\"stream\":true");

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("content-type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("text/event-stream"));
    assertThat(r.headers().firstValue("x-switchboard-expert")).contains("fast2");
    assertThat(r.body()).contains("\"model\":\"fast2-model\"").contains("data: [DONE]");
    assertThat(EscalatingTestStrategy.CHECKED.get(0).text()).isEqualTo("Hello there");
  }
}
