package io.switchboard.simulated.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import io.switchboard.simulated.TestDataset;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** With the default configuration routers must not be able to read the recorded quality. */
@QuarkusTest
@TestProfile(RecordedScoreHiddenByDefaultTest.DefaultEvaluationChannel.class)
class RecordedScoreHiddenByDefaultTest {

  public static class DefaultEvaluationChannel implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("sim.expose-recorded-score", "false");
    }
  }

  @Test
  void noEvaluationHeaders() {
    Response response =
        CompletionApiTest.post(
            "/v1/chat/completions", CompletionApiTest.chatBody(TestDataset.STORY, false, ""));
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.header("x-switchboard-simulated")).isEqualTo("true");
    assertThat(response.headers().asList()).noneMatch(h -> h.getName().startsWith("x-sim-"));
    assertThat(response.asString()).doesNotContain("score");
  }
}
