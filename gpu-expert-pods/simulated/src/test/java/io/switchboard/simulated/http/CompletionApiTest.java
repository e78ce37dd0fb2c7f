package io.switchboard.simulated.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import io.switchboard.simulated.TestDataset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = SimulatedExpertResource.class, restrictToAnnotatedClass = false)
class CompletionApiTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  static String chatBody(String prompt, boolean stream, String extra) {
    return "{\"model\":\"big\",\"stream\":"
        + stream
        + ",\"messages\":[{\"role\":\"system\",\"content\":\"Be brief.\"},"
        + "{\"role\":\"user\",\"content\":"
        + JSON.valueToTree(prompt)
        + "}]"
        + extra
        + "}";
  }

  static Response post(String path, String body) {
    return RestAssured.given().contentType("application/json").body(body).post(path);
  }

  @AfterEach
  void clearFaults() {
    post("/admin/faults", "{}").then().statusCode(200);
  }

  @Test
  void chatAnswersWithTheRecordedLengthAndLabelsTheSimulation() throws Exception {
    Response response = post("/v1/chat/completions", chatBody(TestDataset.STORY, false, ""));
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.header("x-switchboard-simulated")).isEqualTo("true");
    assertThat(response.header("x-sim-recorded-score")).isEqualTo("9.0");
    assertThat(response.header("x-sim-prompt-id")).isEqualTo("story.1");
    assertThat(response.header("x-sim-match")).startsWith("exact_last_message");
    JsonNode body = JSON.readTree(response.asString());
    assertThat(body.path("object").asText()).isEqualTo("chat.completion");
    assertThat(body.path("model").asText()).isEqualTo("big");
    assertThat(body.path("system_fingerprint").asText()).isEqualTo("switchboard-simulated");
    String content = body.path("choices").path(0).path("message").path("content").asText();
    assertThat(content).hasSize(400).contains("switchboard-simulated");
    assertThat(body.path("choices").path(0).path("finish_reason").asText()).isEqualTo("stop");
    assertThat(body.path("usage").path("completion_tokens").asInt()).isEqualTo(100);
    int promptChars = ("Be brief.\n" + TestDataset.STORY).length();
    assertThat(body.path("usage").path("prompt_tokens").asInt()).isEqualTo((promptChars + 3) / 4);
    assertThat(body.path("usage").path("total_tokens").asInt())
        .isEqualTo(100 + (promptChars + 3) / 4);
  }

  @Test
  void logprobsAreSimulatedFromTheRecordedScoreOnlyWhenAskedFor() throws Exception {
    JsonNode plain =
        JSON.readTree(
            post("/v1/chat/completions", chatBody(TestDataset.STORY, false, "")).asString());
    assertThat(plain.path("choices").path(0).path("logprobs").isNull()).isTrue();

    JsonNode body =
        JSON.readTree(
            post("/v1/chat/completions", chatBody(TestDataset.STORY, false, ",\"logprobs\":true"))
                .asString());
    JsonNode content = body.path("choices").path(0).path("logprobs").path("content");
    assertThat(content.size()).isBetween(1, 32);
    assertThat(content.path(0).path("token").asText()).isEqualTo("[simulated]");
    double mean = 0;
    for (JsonNode token : content) {
      mean += token.path("logprob").asDouble() / content.size();
    }
    assertThat(Math.exp(mean)).isBetween(0.02, 0.995);

    String stream =
        post("/v1/chat/completions", chatBody(TestDataset.STORY, true, ",\"logprobs\":true"))
            .asString();
    assertThat(stream).contains("\"logprobs\":{\"content\":[{\"token\":\"[simulated]\"");
  }

  @Test
  void streamingSendsChunksThenUsageThenDone() throws Exception {
    String stream =
        post(
                "/v1/chat/completions",
                chatBody(TestDataset.STORY, true, ",\"stream_options\":{\"include_usage\":true}"))
            .then()
            .statusCode(200)
            .header("content-type", org.hamcrest.Matchers.startsWith("text/event-stream"))
            .extract()
            .asString();
    List<String> events = new ArrayList<>();
    for (String block : stream.split("\n\n")) {
      assertThat(block).startsWith("data: ");
      events.add(block.substring("data: ".length()));
    }
    assertThat(events.get(events.size() - 1)).isEqualTo("[DONE]");
    StringBuilder content = new StringBuilder();
    JsonNode first = JSON.readTree(events.get(0));
    assertThat(first.path("choices").path(0).path("delta").path("role").asText())
        .isEqualTo("assistant");
    String finish = null;
    for (String event : events.subList(0, events.size() - 2)) {
      JsonNode chunk = JSON.readTree(event);
      assertThat(chunk.path("object").asText()).isEqualTo("chat.completion.chunk");
      assertThat(chunk.path("system_fingerprint").asText()).isEqualTo("switchboard-simulated");
      content.append(chunk.path("choices").path(0).path("delta").path("content").asText(""));
      if (!chunk.path("choices").path(0).path("finish_reason").isNull()) {
        finish = chunk.path("choices").path(0).path("finish_reason").asText();
      }
    }
    assertThat(events.size()).isGreaterThan(4);
    assertThat(content.toString()).hasSize(400).startsWith("[switchboard-simulated answer");
    assertThat(finish).isEqualTo("stop");
    JsonNode usage = JSON.readTree(events.get(events.size() - 2));
    assertThat(usage.path("choices")).isEmpty();
    assertThat(usage.path("usage").path("completion_tokens").asInt()).isEqualTo(100);
  }

  @Test
  void streamingWithoutUsageOptionHasNoUsageChunk() {
    String stream =
        post("/v1/chat/completions", chatBody(TestDataset.MATH, true, ""))
            .then()
            .statusCode(200)
            .extract()
            .asString();
    assertThat(stream).doesNotContain("\"usage\"").endsWith("data: [DONE]\n\n");
  }

  @Test
  void textCompletionsAndMaxTokens() throws Exception {
    Response response =
        post(
            "/v1/completions",
            "{\"model\":\"big\",\"prompt\":"
                + JSON.valueToTree(TestDataset.MATH)
                + ",\"max_tokens\":5}");
    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode body = JSON.readTree(response.asString());
    assertThat(body.path("object").asText()).isEqualTo("text_completion");
    assertThat(body.path("choices").path(0).path("text").asText()).hasSize(20);
    assertThat(body.path("choices").path(0).path("finish_reason").asText()).isEqualTo("length");
    assertThat(body.path("usage").path("completion_tokens").asInt()).isEqualTo(5);
    assertThat(response.header("x-sim-recorded-score")).isEqualTo("1.0");
  }

  @Test
  void unknownPromptIsAnsweredFromTheNearestRecordedOne() {
    Response response =
        post(
            "/v1/chat/completions",
            chatBody("What's the capital of Australia? Give one fact.", false, ""));
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.header("x-sim-prompt-id")).isEqualTo("capital.1");
    assertThat(response.header("x-sim-match")).startsWith("nearest");
    assertThat(response.jsonPath().getInt("usage.completion_tokens")).isEqualTo(30);
  }

  @Test
  void modelsAndErrorsAreOpenAiShaped() throws Exception {
    JsonNode models =
        JSON.readTree(
            RestAssured.get("/v1/models")
                .then()
                .statusCode(200)
                .header("x-switchboard-simulated", "true")
                .extract()
                .asString());
    assertThat(models.path("data").path(0).path("id").asText()).isEqualTo("big");

    Response unknown =
        post("/v1/chat/completions", chatBody("hi", false, "").replace("\"big\"", "\"gpt-9\""));
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(unknown.jsonPath().getString("error.code")).isEqualTo("model_not_found");

    Response malformed = post("/v1/chat/completions", "{\"messages\": [");
    assertThat(malformed.statusCode()).isEqualTo(400);
    assertThat(malformed.jsonPath().getString("error.type")).isEqualTo("invalid_request_error");

    Response noMessages = post("/v1/chat/completions", "{\"model\":\"big\"}");
    assertThat(noMessages.statusCode()).isEqualTo(400);
    assertThat(noMessages.jsonPath().getString("error.message")).contains("messages");
  }

  @Test
  void metricsParseStrictlyAndUseVllmNames() {
    post("/v1/chat/completions", chatBody(TestDataset.MATH, false, "")).then().statusCode(200);
    String text =
        RestAssured.get("/metrics")
            .then()
            .statusCode(200)
            .header("content-type", org.hamcrest.Matchers.startsWith("text/plain; version=0.0.4"))
            .extract()
            .asString();
    Map<String, PrometheusTextParser.Family> families = PrometheusTextParser.parse(text);
    assertThat(families)
        .containsKeys(
            "vllm:num_requests_running",
            "vllm:num_requests_waiting",
            "vllm:kv_cache_usage_perc",
            "vllm:prompt_tokens_total",
            "vllm:generation_tokens_total",
            "vllm:time_to_first_token_seconds",
            "vllm:inter_token_latency_seconds",
            "vllm:e2e_request_latency_seconds",
            "vllm:request_queue_time_seconds");
    // vLLM 0.12 no longer exports the names it deprecated: neither does its double.
    assertThat(families)
        .doesNotContainKeys("vllm:gpu_cache_usage_perc", "vllm:time_per_output_token_seconds");
    assertThat(
            families.get("vllm:inter_token_latency_seconds").samples().stream()
                .filter(sample -> sample.labels().containsKey("le"))
                .map(sample -> sample.labels().get("le"))
                .toList())
        .containsExactly(
            "0.01", "0.025", "0.05", "0.075", "0.1", "0.15", "0.2", "0.3", "0.4", "0.5", "0.75",
            "1.0", "2.5", "5.0", "7.5", "10.0", "20.0", "40.0", "80.0", "+Inf");
    assertThat(families.get("vllm:time_to_first_token_seconds").type()).isEqualTo("histogram");
    assertThat(families.get("vllm:generation_tokens_total").type()).isEqualTo("counter");
    assertThat(families.get("vllm:num_requests_running").type()).isEqualTo("gauge");
    families
        .values()
        .forEach(
            family ->
                family
                    .samples()
                    .forEach(
                        sample ->
                            assertThat(sample.labels())
                                .containsEntry("model_name", "big")
                                .containsEntry("engine", "0")));
    assertThat(families.get("vllm:generation_tokens_total").samples().get(0).value())
        .isGreaterThanOrEqualTo(30);
    assertThat(families.get("vllm:e2e_request_latency_seconds").samples())
        .filteredOn(s -> s.name().endsWith("_count"))
        .singleElement()
        .satisfies(s -> assertThat(s.value()).isGreaterThanOrEqualTo(1));
    // Quarkus's own metrics stay available.
    RestAssured.get("/q/metrics").then().statusCode(200);
  }

  @Test
  void strictParserRejectsMalformedExposition() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> PrometheusTextParser.parse("vllm:x 1\n"))
        .hasMessageContaining("without a preceding TYPE");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> PrometheusTextParser.parse("# TYPE a gauge\na{b=\"c} 1\n"))
        .hasMessageContaining("malformed");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                PrometheusTextParser.parse(
                    "# TYPE h histogram\nh_bucket{le=\"1\"} 2\nh_bucket{le=\"+Inf\"} 1\nh_sum 1\nh_count 1\n"))
        .hasMessageContaining("cumulative");
  }
}
