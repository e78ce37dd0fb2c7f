package io.switchboard.simulated.http;

import static io.switchboard.simulated.http.CompletionApiTest.chatBody;
import static io.switchboard.simulated.http.CompletionApiTest.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import io.switchboard.simulated.TestDataset;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class FaultInjectionApiTest {

  @TestHTTPResource("/v1/chat/completions")
  URI chat;

  private final HttpClient client =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @AfterEach
  void clearFaults() {
    post("/admin/faults", "{}").then().statusCode(200);
  }

  private HttpRequest chatRequest(String body, Duration timeout) {
    return HttpRequest.newBuilder(chat)
        .timeout(timeout)
        .header("content-type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
  }

  @Test
  void errorRateAnswersOpenAiShaped500s() {
    post("/admin/faults", "{\"errorRate\":1.0}").then().statusCode(200);
    Response response = post("/v1/chat/completions", chatBody(TestDataset.MATH, false, ""));
    assertThat(response.statusCode()).isEqualTo(500);
    assertThat(response.header("x-switchboard-simulated")).isEqualTo("true");
    assertThat(response.jsonPath().getString("error.type")).isEqualTo("server_error");
    assertThat(response.jsonPath().getString("error.code")).isEqualTo("simulated_fault");
    assertThat(RestAssured.get("/admin/faults").jsonPath().getDouble("errorRate")).isEqualTo(1.0);
  }

  @Test
  void addedLatencyDelaysTheAnswer() throws Exception {
    long start = System.nanoTime();
    assertThat(
            client
                .send(
                    chatRequest(chatBody(TestDataset.CAPITAL, false, ""), Duration.ofSeconds(10)),
                    HttpResponse.BodyHandlers.ofString())
                .statusCode())
        .isEqualTo(200);
    long plainMillis = (System.nanoTime() - start) / 1_000_000;

    post("/admin/faults", "{\"addedLatencyMs\":400}").then().statusCode(200);
    start = System.nanoTime();
    assertThat(
            client
                .send(
                    chatRequest(chatBody(TestDataset.CAPITAL, false, ""), Duration.ofSeconds(10)),
                    HttpResponse.BodyHandlers.ofString())
                .statusCode())
        .isEqualTo(200);
    long delayedMillis = (System.nanoTime() - start) / 1_000_000;
    assertThat(delayedMillis).isGreaterThanOrEqualTo(400).isGreaterThan(plainMillis);
  }

  @Test
  void hangNeverAnswers() {
    post("/admin/faults", "{\"hang\":true}").then().statusCode(200);
    assertThatThrownBy(
            () ->
                client.send(
                    chatRequest(chatBody(TestDataset.MATH, false, ""), Duration.ofMillis(400)),
                    HttpResponse.BodyHandlers.ofString()))
        .isInstanceOf(HttpTimeoutException.class);
  }

  @Test
  void midStreamDisconnectBreaksTheStream() {
    post("/admin/faults", "{\"disconnectRate\":1.0}").then().statusCode(200);
    String body;
    try {
      body =
          client
              .send(
                  chatRequest(chatBody(TestDataset.STORY, true, ""), Duration.ofSeconds(10)),
                  HttpResponse.BodyHandlers.ofString())
              .body();
    } catch (IOException | InterruptedException broken) {
      return; // the client saw the connection break
    }
    assertThat(body).doesNotContain("[DONE]");
  }

  @Test
  void slowStartFailsHealthThenRecovers() throws InterruptedException {
    RestAssured.get("/health").then().statusCode(200).header("x-switchboard-simulated", "true");
    post("/admin/faults", "{\"slowStartSeconds\":1}").then().statusCode(200);
    RestAssured.get("/health").then().statusCode(503);
    int status = 503;
    for (int i = 0; i < 40 && status != 200; i++) {
      Thread.sleep(100);
      status = RestAssured.get("/health").statusCode();
    }
    assertThat(status).isEqualTo(200);
  }

  @Test
  void crashIsRefusedUnlessAllowedAndBadFaultsAreRejected() {
    Response crash = post("/admin/faults", "{\"crash\":true}");
    assertThat(crash.statusCode()).isEqualTo(400);
    assertThat(crash.jsonPath().getString("error.message")).contains("allow-crash");
    assertThat(post("/admin/faults", "{\"errorRate\":2}").statusCode()).isEqualTo(400);
    assertThat(post("/admin/faults", "not json").statusCode()).isEqualTo(400);
    assertThat(RestAssured.get("/admin/faults").jsonPath().getBoolean("crash")).isFalse();
  }
}
