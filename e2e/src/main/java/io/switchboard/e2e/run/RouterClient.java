package io.switchboard.e2e.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * An OpenAI-API client of the router: one non-streaming chat completion per call, timed on the
 * client.
 */
public final class RouterClient {

  /**
   * What one call returned; {@code status} -1 means the connection failed ({@code error} says why).
   */
  public record Reply(
      int status,
      String expert,
      String decision,
      String requestId,
      long promptTokens,
      long completionTokens,
      long latencyNanos,
      String error) {

    public boolean ok() {
      return status == 200;
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http =
      HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(2))
          .version(HttpClient.Version.HTTP_1_1)
          .build();
  private final URI endpoint;
  private final String model;
  private final String authorization;

  /**
   * @param apiKey the tenant key sent as {@code Authorization: Bearer}, or null for none
   */
  public RouterClient(String baseUrl, String model, String apiKey) {
    this.endpoint = URI.create(baseUrl + "/v1/chat/completions");
    this.model = model;
    this.authorization = apiKey == null ? null : "Bearer " + apiKey;
  }

  private HttpRequest.Builder authorized(HttpRequest.Builder request) {
    return authorization == null ? request : request.header("authorization", authorization);
  }

  /**
   * {@code GET /switchboard/state} with this client's key (the operator's control token), as JSON.
   */
  public JsonNode state() throws IOException {
    return getJson("/switchboard/state");
  }

  private JsonNode getJson(String path) throws IOException {
    try {
      HttpResponse<String> response =
          http.send(
              authorized(
                      HttpRequest.newBuilder(endpoint.resolve(path))
                          .timeout(Duration.ofSeconds(10)))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IOException("GET " + path + " answered " + response.statusCode());
      }
      return JSON.readTree(response.body());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  /** {@code GET /switchboard/usage} with this client's key, as JSON. */
  public JsonNode usage() throws IOException {
    try {
      HttpResponse<String> response =
          http.send(
              authorized(
                      HttpRequest.newBuilder(endpoint.resolve("/switchboard/usage"))
                          .timeout(Duration.ofSeconds(10)))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IOException("GET /switchboard/usage answered " + response.statusCode());
      }
      return JSON.readTree(response.body());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  /**
   * @param maxTokens 0 leaves the answer length to the expert
   */
  /**
   * Posts user feedback for an earlier request ({@code POST /v1/feedback}); returns the HTTP status
   * or -1.
   */
  public int feedback(String requestId, double score) {
    String body =
        JSON.createObjectNode().put("request_id", requestId).put("score", score).toString();
    HttpRequest request =
        authorized(
                HttpRequest.newBuilder(endpoint.resolve("/v1/feedback"))
                    .timeout(Duration.ofSeconds(10))
                    .header("content-type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)))
            .build();
    try {
      return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  public Reply chat(String prompt, String requestId, int maxTokens) {
    ObjectNode body = JSON.createObjectNode().put("model", model);
    if (maxTokens > 0) {
      body.put("max_tokens", maxTokens);
    }
    body.putArray("messages").addObject().put("role", "user").put("content", prompt);
    HttpRequest request =
        authorized(
                HttpRequest.newBuilder(endpoint)
                    .timeout(Duration.ofSeconds(60))
                    .header("content-type", "application/json")
                    .header("x-request-id", requestId)
                    .POST(HttpRequest.BodyPublishers.ofString(body.toString())))
            .build();
    long start = System.nanoTime();
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      long latency = System.nanoTime() - start;
      String expert = response.headers().firstValue("x-switchboard-expert").orElse(null);
      String decision = response.headers().firstValue("x-switchboard-decision").orElse(null);
      if (response.statusCode() != 200) {
        return new Reply(
            response.statusCode(), expert, decision, requestId, 0, 0, latency, response.body());
      }
      JsonNode usage = JSON.readTree(response.body()).path("usage");
      return new Reply(
          200,
          expert,
          decision,
          requestId,
          usage.path("prompt_tokens").asLong(),
          usage.path("completion_tokens").asLong(),
          latency,
          null);
    } catch (IOException e) {
      return new Reply(-1, null, null, requestId, 0, 0, System.nanoTime() - start, e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Reply(-1, null, null, requestId, 0, 0, System.nanoTime() - start, "interrupted");
    }
  }
}
