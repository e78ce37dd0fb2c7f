package io.switchboard.simulated.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.switchboard.simulated.TestDataset;
import org.junit.jupiter.api.Test;

/** The llm mode's router prompt over HTTP, and the signal log a harness measures the signals by. */
@QuarkusTest
@QuarkusTestResource(value = SimulatedExpertResource.class, restrictToAnnotatedClass = false)
class RouterAndSignalsApiTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The messages the router's llm strategy (RouterPrompt) sends, with max_tokens 32. */
  private static String routerRequest(String query) {
    ArrayNode messages = JSON.createArrayNode();
    messages
        .addObject()
        .put("role", "system")
        .put(
            "content",
            "You are a request router. Pick the single expert best suited to answer the user's query,"
                + " preferring cheaper experts when they are likely good enough.\nExperts:\n"
                + "- small: Small (reasoning 0.3, knowledge 0.4, creativity 0.5, speed 0.9, cheapness"
                + " 0.9; $0.10/$0.10 per M tokens)\n"
                + "- big: Big (reasoning 0.9, knowledge 0.9, creativity 0.9, speed 0.5, cheapness 0.1;"
                + " $10.00/$30.00 per M tokens)\n"
                + "Answer with exactly one JSON object and nothing else: {\"expert\": \"<name>\"}");
    messages.addObject().put("role", "user").put("content", query);
    return "{\"model\":\"big\",\"max_tokens\":32,\"messages\":" + messages + "}";
  }

  @Test
  void routerPromptsGetJsonNamingTheBestValueExpertAndEverySignalIsLogged() throws Exception {
    RestAssured.given().delete("/admin/signals").then().statusCode(204);

    JsonNode routed =
        JSON.readTree(
            CompletionApiTest.post("/v1/chat/completions", routerRequest(TestDataset.MATH))
                .asString());
    // math.1: big right (1), small wrong (0).
    assertThat(routed.path("choices").path(0).path("message").path("content").asText())
        .isEqualTo("{\"expert\": \"big\"}");
    CompletionApiTest.post(
            "/v1/chat/completions",
            CompletionApiTest.chatBody(TestDataset.STORY, false, ",\"logprobs\":true"))
        .then()
        .statusCode(200);

    JsonNode log = JSON.readTree(RestAssured.given().get("/admin/signals").asString());
    assertThat(log.path("declaredConfidenceAuroc").asDouble()).isEqualTo(0.75);
    assertThat(log.path("declaredRouterAccuracy").asDouble()).isEqualTo(1.0);
    JsonNode route = log.path("routes").path(0);
    assertThat(log.path("routes").size()).isEqualTo(1);
    assertThat(route.path("promptId").asText()).isEqualTo("math.1");
    assertThat(route.path("chosen").asText()).isEqualTo("big");
    assertThat(route.path("best").asText()).isEqualTo("big");
    assertThat(route.path("latencyMs").asDouble()).isPositive();
    assertThat(log.path("confidences").size()).isEqualTo(1);
    assertThat(log.path("confidences").path(0).path("recordedScore").asDouble()).isEqualTo(9.0);

    RestAssured.given().delete("/admin/signals").then().statusCode(204);
    JsonNode cleared = JSON.readTree(RestAssured.given().get("/admin/signals").asString());
    assertThat(cleared.path("routes").size()).isZero();
  }
}
