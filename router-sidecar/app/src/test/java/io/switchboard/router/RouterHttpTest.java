package io.switchboard.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.router.fuzz.FuzzRun;
import io.switchboard.router.http.DataPlane;
import io.switchboard.router.runtime.RouterStateManager;
import jakarta.inject.Inject;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = RouterTestResource.class, restrictToAnnotatedClass = true)
class RouterHttpTest {
  private static final String CHAT =
      "{\"model\":\"%s\",\"messages\":[{\"role\":\"user\",\"content\":\"Say hello\"}]%s}";

  @ConfigProperty(name = "quarkus.http.test-port")
  int port;

  /** Health and metrics: the management interface, a port of its own. */
  @ConfigProperty(name = "quarkus.management.test-port")
  int managementPort;

  @Inject RouterStateManager states;
  @Inject DataPlane dataPlane;

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private boolean configChanged;

  @AfterEach
  void restoreDefaultConfig() {
    if (configChanged) {
      useConfig(TestConfigs.weighted(RouterTestResource.experts));
      configChanged = false;
    }
  }

  private void useConfig(String json) {
    configChanged = true;
    String before = states.current() == null ? "" : states.current().contentHash();
    RouterTestResource.writeConfig(json);
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (System.nanoTime() < deadline) {
      if (states.current() != null && !states.current().contentHash().equals(before)) {
        return;
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private HttpRequest.Builder post(String path, String body) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(10))
        .header("content-type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body));
  }

  private HttpResponse<String> send(HttpRequest request) throws Exception {
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> chat(String model, String extra) throws Exception {
    return send(post("/v1/chat/completions", CHAT.formatted(model, extra)).build());
  }

  @Test
  void routesTheVirtualModelAndLabelsTheResponse() throws Exception {
    HttpResponse<String> r =
        send(
            post("/v1/chat/completions", CHAT.formatted("auto", ""))
                .header("x-request-id", "req-42")
                .build());

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("x-switchboard-expert")).contains("fast");
    assertThat(r.headers().firstValue("x-switchboard-decision")).contains("weighted; weight");
    assertThat(r.headers().firstValue("x-request-id")).contains("req-42");
    assertThat(r.body()).contains("\"model\":\"fast-model\"").contains("Hello there");
  }

  @Test
  void streamsFramesAndStripsTheUsageChunkTheClientDidNotAskFor() throws Exception {
    double before = dataPlane.ledger().totalCostUsd();
    HttpResponse<String> r = chat("auto", ",\"stream\":true");

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("content-type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("text/event-stream"));
    assertThat(r.body())
        .contains("\"model\":\"fast-model\"")
        .contains("Hello")
        .contains("data: [DONE]")
        .doesNotContain("\"usage\"");
    // usage was still measured: 7 prompt + 2 completion tokens at $1/$2 per million
    assertThat(dataPlane.ledger().totalCostUsd() - before)
        .isCloseTo(11e-6, org.assertj.core.data.Offset.offset(1e-9));
  }

  @Test
  void passesTheUsageChunkThroughWhenTheClientAsked() throws Exception {
    HttpResponse<String> r =
        chat("auto", ",\"stream\":true,\"stream_options\":{\"include_usage\":true}");

    assertThat(r.body()).contains("\"usage\":{\"prompt_tokens\":7");
  }

  @Test
  void refusesBadRequestsWithOpenAiShapedErrors() throws Exception {
    HttpResponse<String> malformed = send(post("/v1/chat/completions", "{\"model\":").build());
    assertThat(malformed.statusCode()).isEqualTo(400);
    assertThat(malformed.body())
        .contains("\"error\":{\"message\":\"malformed JSON")
        .contains("\"type\":\"invalid_request_error\"");

    assertThat(send(post("/v1/chat/completions", "{\"messages\":[]}").build()).statusCode())
        .isEqualTo(400);
    assertThat(
            send(post(
                        "/v1/chat/completions",
                        "{\"model\":\"auto\",\"messages\":[],\"stream\":\"yes\"}")
                    .build())
                .body())
        .contains("'stream' must be a boolean");
    HttpResponse<String> unknown = chat("gpt-17", "");
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(unknown.body()).contains("\"code\":\"model_not_found\"");
    HttpResponse<String> wrongType =
        send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/chat/completions"))
                .header("content-type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("hi"))
                .build());
    assertThat(wrongType.statusCode()).isEqualTo(415);
    HttpResponse<String> tooLarge = chat("auto", ",\"pad\":\"" + "x".repeat(30_000) + "\"");
    assertThat(tooLarge.statusCode()).isEqualTo(413);
    assertThat(tooLarge.body()).contains("request_too_large");
  }

  @Test
  void fallsBackWhenTheChosenExpertErrsTimesOutOrReturnsGarbage() throws Exception {
    for (String failing : List.of("error", "slow", "garbage", "drop")) {
      HttpResponse<String> r = chat(failing, "");
      assertThat(r.statusCode()).as(failing).isEqualTo(200);
      assertThat(r.headers().firstValue("x-switchboard-expert")).as(failing).contains("fast");
      assertThat(r.headers().firstValue("x-switchboard-decision"))
          .as(failing)
          .contains("direct; requested; fallback");
    }
  }

  @Test
  void answers502503504WhenNothingCanServe() throws Exception {
    useConfig(TestConfigs.weighted(RouterTestResource.experts, "\"fallback\":[]", ""));

    HttpResponse<String> error = chat("error", "");
    assertThat(error.statusCode()).isEqualTo(503);
    assertThat(error.body()).contains("\"type\":\"upstream_error\"").contains("status-503");
    assertThat(chat("garbage", "").statusCode()).isEqualTo(502);
    assertThat(chat("slow", "").statusCode()).isEqualTo(504);
  }

  @Test
  void totalMsIsTheDeadlineOfTheWholeRequestAcrossRetriesAndFallbacks() throws Exception {
    // Three experts that send headers after 2 s, one retry each, firstByteMs 1500: attempt by
    // attempt the client used to wait 3 x 2 x 1.5 s = 9 s for its error.
    MockExperts m = RouterTestResource.experts;
    useConfig(
        "{\"apiVersion\":\"switchboard.io/router-config/v1\",\"policy\":{\"name\":\"test\","
            + "\"namespace\":\"ns\",\"virtualModel\":\"auto\",\"mode\":\"weighted\","
            + "\"retries\":{\"attempts\":1,\"backoffMs\":1},"
            + "\"timeouts\":{\"connectMs\":500,\"firstByteMs\":1500,\"totalMs\":2000},"
            + "\"fallback\":[\"slowB\",\"slowC\"]},\"experts\":["
            + TestConfigs.expert(m, "slowA", "slow", 1, 0)
            + ","
            + TestConfigs.expert(m, "slowB", "slow", 0, 1)
            + ","
            + TestConfigs.expert(m, "slowC", "slow", 0, 2)
            + "]}");

    for (String extra : List.of("", ",\"stream\":true")) {
      long start = System.nanoTime();
      HttpResponse<String> r = chat("auto", extra);
      long elapsedMs = (System.nanoTime() - start) / 1_000_000;

      assertThat(r.statusCode()).as(extra).isEqualTo(504);
      assertThat(r.headers().firstValue("content-type")).as(extra).contains("application/json");
      assertThat(r.body())
          .as(extra)
          .contains("\"type\":\"upstream_error\"")
          .contains("\"code\":\"total-timeout\"")
          .contains("timeouts.totalMs");
      // totalMs plus a margin for a loaded machine, far below the 9 s of per-attempt timeouts.
      assertThat(elapsedMs).as(extra).isBetween(1_900L, 3_000L);
    }
  }

  @Test
  void circuitOpensAfterConsecutiveFailuresAndStopsHittingTheExpert() throws Exception {
    useConfig(
        TestConfigs.weighted(
            RouterTestResource.experts,
            "\"fallback\":[\"fast\"],\"circuitBreaker\":{\"consecutiveFailures\":2,\"openMs\":30000}",
            ""));
    int before = RouterTestResource.experts.hits("error");

    for (int i = 0; i < 5; i++) {
      assertThat(chat("error", "").statusCode()).isEqualTo(200);
    }

    // 1 attempt + 1 retry opens the circuit (threshold 2); later requests skip straight to the
    // fallback
    assertThat(RouterTestResource.experts.hits("error") - before).isEqualTo(2);
    assertThat(
            send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + managementPort + "/q/metrics"))
                    .build())
                .body())
        .contains("switchboard_router_circuit_state{expert=\"error\"} 2.0");
  }

  @Test
  void brokenStreamEndsWithAnSseErrorEvent() throws Exception {
    HttpResponse<String> r = chat("drop", ",\"stream\":true");

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains("Hel").contains("data: {\"error\":").doesNotContain("[DONE]");
  }

  @Test
  void clientDisconnectCancelsTheUpstreamStream() throws Exception {
    int closedBefore = RouterTestResource.experts.trickleClosed.get();
    HttpResponse<InputStream> r =
        http.send(
            post("/v1/chat/completions", CHAT.formatted("trickle", ",\"stream\":true")).build(),
            HttpResponse.BodyHandlers.ofInputStream());
    try (InputStream in = r.body()) {
      assertThat(in.read(new byte[10])).isPositive();
    }
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (RouterTestResource.experts.trickleClosed.get() == closedBefore
        && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(RouterTestResource.experts.trickleClosed.get()).isGreaterThan(closedBefore);
  }

  @Test
  void estimatesUsageWhenTheUpstreamSendsNone() throws Exception {
    assertThat(chat("nousage", "").statusCode()).isEqualTo(200);

    HttpResponse<String> usage =
        send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/switchboard/usage"))
                .build());
    // prompt "Say hello" = 9 bytes -> 3 tokens, completion "Hello there" = 11 bytes -> 3 tokens
    assertThat(usage.body())
        .contains(
            "\"expert\":\"nousage\",\"tenant\":\"anonymous\",\"calls\":1,\"estimatedCalls\":1,\"promptTokens\":3,\"completionTokens\":3");
  }

  @Test
  void budgetRejectAnswers429WithRetryAfter() throws Exception {
    useConfig(
        TestConfigs.weighted(
            RouterTestResource.experts,
            "",
            "\"budget\":{\"name\":\"b\",\"enforcement\":\"reject\",\"exceeded\":true,\"retryAfterSeconds\":120}"));

    HttpResponse<String> r = chat("auto", "");
    assertThat(r.statusCode()).isEqualTo(429);
    assertThat(r.headers().firstValue("retry-after")).contains("120");
    assertThat(r.body()).contains("budget_exceeded");
    assertThat(
            send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + managementPort + "/q/metrics"))
                    .build())
                .body())
        .contains(
            "switchboard_router_budget_exceeded_requests_total{enforcement=\"reject\",policy=\"test\"}");
  }

  @Test
  void budgetDowngradeServesOnlyTheAllowedExperts() throws Exception {
    useConfig(
        TestConfigs.weighted(
            RouterTestResource.experts,
            "",
            "\"budget\":{\"name\":\"b\",\"enforcement\":\"downgrade\",\"exceeded\":true,\"downgradeTo\":[\"fast2\"]}"));

    HttpResponse<String> r = chat("auto", "");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("x-switchboard-expert")).contains("fast2");
    assertThat(chat("fast", "").statusCode()).isEqualTo(429);
  }

  @Test
  void apiKeysMapToTenantsAndUnknownKeysAreRefused() throws Exception {
    java.nio.file.Path keys = java.nio.file.Files.createTempFile("keys", ".txt");
    java.nio.file.Files.writeString(keys, "# tenants\nteam-a=sk-aaa\n");
    useConfig(
        TestConfigs.weighted(
            RouterTestResource.experts,
            "",
            "\"tenants\":{\"apiKeysFile\":\"" + keys + "\",\"required\":true}"));

    assertThat(chat("auto", "").statusCode()).isEqualTo(401);
    HttpResponse<String> ok =
        send(
            post("/v1/chat/completions", CHAT.formatted("auto", ""))
                .header("authorization", "Bearer sk-aaa")
                .build());
    assertThat(ok.statusCode()).isEqualTo(200);
    URI usageUri = URI.create("http://127.0.0.1:" + port + "/switchboard/usage");
    // With keys required, spend is not shown to anyone without one, and feedback is not taken from
    // them.
    assertThat(send(HttpRequest.newBuilder(usageUri).build()).statusCode()).isEqualTo(401);
    assertThat(
            send(post("/v1/feedback", "{\"request_id\":\"x\",\"score\":0.5}").build()).statusCode())
        .isEqualTo(401);
    HttpResponse<String> usage =
        send(HttpRequest.newBuilder(usageUri).header("authorization", "Bearer sk-aaa").build());
    assertThat(usage.body()).contains("\"tenant\":\"team-a\"");
  }

  /** A config whose tenants are {@code entries} (JSON array), keys required. */
  private String withTenants(String entries) {
    return TestConfigs.weighted(
        RouterTestResource.experts,
        "\"fallback\":[\"fast\"]",
        "\"tenants\":{\"required\":true,\"entries\":" + entries + "}");
  }

  private HttpResponse<String> chatAs(String key) throws Exception {
    HttpRequest.Builder b = post("/v1/chat/completions", CHAT.formatted("auto", ""));
    if (key != null) {
      b.header("authorization", "Bearer " + key);
    }
    return send(b.build());
  }

  private static String entry(String name, String limits, java.nio.file.Path... files) {
    StringBuilder sb = new StringBuilder("{\"name\":\"" + name + "\",\"keyFiles\":[");
    for (int i = 0; i < files.length; i++) {
      sb.append(i == 0 ? "" : ",").append('"').append(files[i]).append('"');
    }
    return sb.append("]").append(limits.isEmpty() ? "" : "," + limits).append("}").toString();
  }

  @Test
  void tenantKeyFilesRotateWithoutARestartAndBothKeysServeDuringTheRotation() throws Exception {
    java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("tenant-keys");
    java.nio.file.Path current = dir.resolve("current");
    java.nio.file.Path previous = dir.resolve("previous");
    java.nio.file.Files.writeString(current, "sk-rotate-1\n");
    useConfig(withTenants("[" + entry("rotating", "", current, previous) + "]"));
    var stateBefore = states.current();

    HttpResponse<String> none = chatAs(null);
    assertThat(none.statusCode()).isEqualTo(401);
    JsonNode error = new ObjectMapper().readTree(none.body()).path("error");
    assertThat(error.path("type").asText()).isEqualTo("invalid_request_error");
    assertThat(error.path("code").asText()).isEqualTo("invalid_api_key");
    assertThat(chatAs("sk-wrong").statusCode()).isEqualTo(401);
    assertThat(chatAs("sk-rotate-1").statusCode()).isEqualTo(200);

    // the operator's rotation: the old key moves to "previous", the new one becomes "current"
    java.nio.file.Files.writeString(previous, "sk-rotate-1");
    java.nio.file.Files.writeString(current, "sk-rotate-2");
    awaitStatus("sk-rotate-2", 200);
    assertThat(chatAs("sk-rotate-1").statusCode()).isEqualTo(200);
    java.nio.file.Files.writeString(previous, "");
    awaitStatus("sk-rotate-1", 401);
    assertThat(chatAs("sk-rotate-2").statusCode()).isEqualTo(200);
    // the keys changed in place: same state, so the strategy and the limits were not rebuilt
    assertThat(states.current()).isSameAs(stateBefore);
  }

  private void awaitStatus(String key, int status) throws Exception {
    long deadline = System.nanoTime() + 5_000_000_000L;
    int last = -1;
    while (System.nanoTime() < deadline) {
      last = chatAs(key).statusCode();
      if (last == status) {
        return;
      }
      Thread.sleep(50);
    }
    assertThat(last).as("status with the rotated key").isEqualTo(status);
  }

  @Test
  void overATenantsRequestsPerMinuteAnswers429WithOpenAiRateLimitHeaders() throws Exception {
    java.nio.file.Path key = java.nio.file.Files.createTempFile("key", "");
    java.nio.file.Files.writeString(key, "sk-rpm");
    useConfig(withTenants("[" + entry("rpm-tenant", "\"requestsPerMinute\":2", key) + "]"));

    HttpResponse<String> first = chatAs("sk-rpm");
    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(first.headers().firstValue("x-ratelimit-limit-requests")).contains("2");
    assertThat(first.headers().firstValue("x-ratelimit-remaining-requests")).contains("1");
    assertThat(first.headers().firstValue("x-ratelimit-reset-requests")).isPresent();
    assertThat(chatAs("sk-rpm").statusCode()).isEqualTo(200);
    HttpResponse<String> limited = chatAs("sk-rpm");
    assertThat(limited.statusCode()).isEqualTo(429);
    assertThat(limited.headers().firstValue("retry-after"))
        .hasValueSatisfying(v -> assertThat(Long.parseLong(v)).isBetween(1L, 30L));
    assertThat(limited.headers().firstValue("x-ratelimit-remaining-requests")).contains("0");
    assertThat(limited.headers().firstValue("x-request-id")).isPresent();
    JsonNode error = new ObjectMapper().readTree(limited.body()).path("error");
    assertThat(error.path("type").asText()).isEqualTo("requests");
    assertThat(error.path("code").asText()).isEqualTo("rate_limit_exceeded");
    HttpResponse<String> metrics =
        send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + "/q/metrics"))
                .build());
    assertThat(metrics.body())
        .containsPattern(
            "switchboard_router_requests_total\\{[^}]*status=\"4xx\",tenant=\"rpm-tenant\"\\} 1\\.0")
        .containsPattern(
            "switchboard_router_cost_usd_total\\{[^}]*tenant=\"rpm-tenant\"\\} [0-9.eE-]+");
  }

  @Test
  void overATenantsTokensPerMinuteOrMonthlyCapAnswers429() throws Exception {
    java.nio.file.Path tpmKey = java.nio.file.Files.createTempFile("key", "");
    java.nio.file.Files.writeString(tpmKey, "sk-tpm");
    java.nio.file.Path capKey = java.nio.file.Files.createTempFile("key", "");
    java.nio.file.Files.writeString(capKey, "sk-cap");
    // the fast expert answers 7 prompt + 2 completion tokens at $1/$2 per million: $0.000011
    useConfig(
        withTenants(
            "["
                + entry("tpm-tenant", "\"tokensPerMinute\":6", tpmKey)
                + ","
                + entry("cap-tenant", "\"monthlyUsdCap\":0.00001", capKey)
                + "]"));

    HttpResponse<String> tokens = chatAs("sk-tpm");
    assertThat(tokens.statusCode()).isEqualTo(200);
    assertThat(tokens.headers().firstValue("x-ratelimit-limit-tokens")).contains("6");
    // 9 tokens charged against 6: 3 in debt, refused until the balance is positive (40 s)
    HttpResponse<String> overTokens = chatAs("sk-tpm");
    assertThat(overTokens.statusCode()).isEqualTo(429);
    assertThat(overTokens.headers().firstValue("x-ratelimit-remaining-tokens")).contains("0");
    assertThat(overTokens.headers().firstValue("retry-after"))
        .hasValueSatisfying(v -> assertThat(Long.parseLong(v)).isBetween(36L, 40L));
    assertThat(overTokens.body()).contains("\"type\":\"tokens\"");

    assertThat(chatAs("sk-cap").statusCode()).isEqualTo(200);
    HttpResponse<String> overCap = chatAs("sk-cap");
    assertThat(overCap.statusCode()).isEqualTo(429);
    JsonNode error = new ObjectMapper().readTree(overCap.body()).path("error");
    assertThat(error.path("code").asText()).isEqualTo("insufficient_quota");
    assertThat(error.path("message").asText()).contains("monthly cap");
    assertThat(overCap.headers().firstValue("retry-after"))
        .hasValueSatisfying(v -> assertThat(Long.parseLong(v)).isPositive());
    // the other tenant's spend does not count against this one
    assertThat(chatAs("sk-tpm").statusCode()).isEqualTo(429);

    HttpResponse<String> usage =
        send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/switchboard/usage"))
                .header("authorization", "Bearer sk-cap")
                .build());
    assertThat(usage.body())
        .contains("\"tenant\":\"cap-tenant\"")
        .contains("\"tenant\":\"tpm-tenant\"");
  }

  @Test
  void aTenantRatesOnlyItsOwnRequests() throws Exception {
    java.nio.file.Path a = java.nio.file.Files.createTempFile("key", "");
    java.nio.file.Files.writeString(a, "sk-rater-a");
    java.nio.file.Path b = java.nio.file.Files.createTempFile("key", "");
    java.nio.file.Files.writeString(b, "sk-rater-b");
    useConfig(withTenants("[" + entry("rater-a", "", a) + "," + entry("rater-b", "", b) + "]"));

    String id = chatAs("sk-rater-a").headers().firstValue("x-request-id").orElseThrow();
    String feedback = "{\"request_id\":\"" + id + "\",\"score\":0.9}";
    HttpResponse<String> other =
        send(post("/v1/feedback", feedback).header("authorization", "Bearer sk-rater-b").build());
    assertThat(other.statusCode()).isEqualTo(404);
    // another tenant's request reads exactly like an unknown one, naming nothing of its owner
    assertThat(other.body()).contains("unknown_request").doesNotContain("rater-a");
    assertThat(
            send(post(
                        "/v1/feedback",
                        "{\"request_id\":\"" + id + "\",\"score\":0.9,\"expert\":\"fast\"}")
                    .header("authorization", "Bearer sk-rater-b")
                    .build())
                .statusCode())
        .isEqualTo(404);
    // an id the router cannot bind to the caller is refused even when it names the expert
    assertThat(
            send(post(
                        "/v1/feedback",
                        "{\"request_id\":\"never\",\"score\":0.5,\"expert\":\"fast\"}")
                    .header("authorization", "Bearer sk-rater-a")
                    .build())
                .statusCode())
        .isEqualTo(404);
    assertThat(
            send(post("/v1/feedback", feedback)
                    .header("authorization", "Bearer sk-rater-a")
                    .build())
                .statusCode())
        .isEqualTo(202);
  }

  @Test
  void usageWithAControlTokenConfiguredOpensOnlyToThatToken() throws Exception {
    java.nio.file.Path key = java.nio.file.Files.createTempFile("key", "");
    java.nio.file.Files.writeString(key, "sk-usage-tenant");
    String token = "control-token-of-this-policy-0123456789abcdef";
    String sha =
        java.util.HexFormat.of()
            .formatHex(
                java.security.MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    useConfig(
        TestConfigs.weighted(
            RouterTestResource.experts,
            "\"fallback\":[\"fast\"],\"controlTokenSha256\":\"" + sha + "\"",
            "\"tenants\":{\"required\":true,\"entries\":["
                + entry("usage-tenant", "", key)
                + "]}"));
    assertThat(chatAs("sk-usage-tenant").statusCode()).isEqualTo(200);
    URI usageUri = URI.create("http://127.0.0.1:" + port + "/switchboard/usage");

    HttpResponse<String> anonymous = send(HttpRequest.newBuilder(usageUri).build());
    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(anonymous.body()).contains("invalid_control_token");
    assertThat(
            send(HttpRequest.newBuilder(usageUri)
                    .header("authorization", "Bearer sk-usage-tenant")
                    .build())
                .statusCode())
        .isEqualTo(401);
    HttpResponse<String> operator =
        send(HttpRequest.newBuilder(usageUri).header("authorization", "Bearer " + token).build());
    assertThat(operator.statusCode()).isEqualTo(200);
    assertThat(operator.body()).contains("\"tenant\":\"usage-tenant\"");
  }

  @Test
  void federationScopedKeysOpenOnlyTheAggregateAndOffloadedRequests() throws Exception {
    java.nio.file.Path peer = java.nio.file.Files.createTempFile("key", "");
    java.nio.file.Files.writeString(peer, "sk-peer-eu");
    java.nio.file.Path user = java.nio.file.Files.createTempFile("key", "");
    java.nio.file.Files.writeString(user, "sk-user");
    useConfig(
        withTenants(
            "["
                + entry("cluster-eu", "\"scope\":\"federation\"", peer)
                + ","
                + entry("user", "", user)
                + "]"));

    HttpResponse<String> direct = chatAs("sk-peer-eu");
    assertThat(direct.statusCode()).isEqualTo(403);
    JsonNode error = new ObjectMapper().readTree(direct.body()).path("error");
    assertThat(error.path("type").asText()).isEqualTo("permission_denied");
    assertThat(error.path("code").asText()).isEqualTo("key_scope");
    HttpResponse<String> offloaded =
        send(
            post("/v1/chat/completions", CHAT.formatted("auto", ""))
                .header("authorization", "Bearer sk-peer-eu")
                .header("x-switchboard-offloaded", "1")
                .build());
    assertThat(offloaded.statusCode()).isEqualTo(200);
    assertThat(
            send(post("/v1/feedback", "{\"request_id\":\"x\",\"score\":0.5}")
                    .header("authorization", "Bearer sk-peer-eu")
                    .build())
                .statusCode())
        .isEqualTo(403);

    URI aggregate = URI.create("http://127.0.0.1:" + port + "/switchboard/federation/aggregate");
    HttpResponse<String> userOnAggregate =
        send(HttpRequest.newBuilder(aggregate).header("authorization", "Bearer sk-user").build());
    assertThat(userOnAggregate.statusCode()).isEqualTo(403);
    assertThat(userOnAggregate.body()).contains("key_scope");
    // the peer's key passes; this weighted router has simply published no round
    HttpResponse<String> peerOnAggregate =
        send(
            HttpRequest.newBuilder(aggregate).header("authorization", "Bearer sk-peer-eu").build());
    assertThat(peerOnAggregate.statusCode()).isEqualTo(404);
    assertThat(peerOnAggregate.body()).contains("no_round");
    assertThat(chatAs("sk-user").statusCode()).isEqualTo(200);
  }

  @Test
  void listsModelsAndAcceptsFeedback() throws Exception {
    HttpResponse<String> models =
        send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/models")).build());
    assertThat(models.body())
        .contains("\"id\":\"auto\"")
        .contains("\"id\":\"fast\"")
        .contains("\"switchboard_mode\":\"weighted\"");

    HttpResponse<String> r = chat("auto", "");
    String id = r.headers().firstValue("x-request-id").orElseThrow();
    assertThat(
            send(post("/v1/feedback", "{\"request_id\":\"" + id + "\",\"score\":0.9}").build())
                .statusCode())
        .isEqualTo(202);
    assertThat(
            send(post("/v1/feedback", "{\"request_id\":\"nope\",\"score\":0.9}").build())
                .statusCode())
        .isEqualTo(404);
    assertThat(
            send(post("/v1/feedback", "{\"request_id\":\"x\",\"score\":7}").build()).statusCode())
        .isEqualTo(400);
  }

  @Test
  void embeddingsPassThroughToTheEmbeddingExpert() throws Exception {
    HttpResponse<String> r =
        send(post("/v1/embeddings", "{\"model\":\"auto\",\"input\":\"hello\"}").build());

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("x-switchboard-expert")).contains("embed");
    assertThat(r.body()).contains("\"model\":\"embed-model\"").contains("\"embedding\"");
  }

  @Test
  void thePolicyChoosesTheStaticEncoderAndAClassifierTrainedWithAnotherIsRefused()
      throws Exception {
    MockExperts m = RouterTestResource.experts;
    String experts =
        TestConfigs.expert(m, "fast", "fast", 1, 0)
            + ","
            + TestConfigs.expert(m, "fast2", "fast2", 1, 0);
    useConfig(
        "{\"apiVersion\":\"switchboard.io/router-config/v1\",\"policy\":{\"name\":\"fastbandit\",\"namespace\":\"ns\","
            + "\"virtualModel\":\"auto\",\"mode\":\"bandit\",\"embedding\":{\"encoder\":\"minilm-static\"}},"
            + "\"experts\":["
            + experts
            + "]}");
    String prompt = "How do I file my quarterly corporate tax return?";
    try (var expected =
        new io.switchboard.router.core.features.StaticEmbedder(
            128, io.switchboard.router.config.Truncation.TAIL)) {
      assertThat(states.current().embedder().embed(prompt)).containsExactly(expected.embed(prompt));
    }
    for (int i = 0; i < 3; i++) {
      HttpResponse<String> r = chat("auto", "");
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.headers().firstValue("x-switchboard-decision").orElseThrow())
          .startsWith("bandit;");
    }

    // A classifier model records its encoder (here the default, MiniLM); a policy embedding
    // otherwise is refused.
    java.nio.file.Path model = java.nio.file.Files.createTempFile("classifier", ".json");
    var extractor =
        new io.switchboard.router.core.features.TextFeatureExtractor(
            io.switchboard.router.core.features.TokenCounter.charsPerToken());
    List<io.switchboard.router.core.strategy.classifier.TrainingExample> examples =
        new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      float[] vector = new float[384];
      vector[i] = 1;
      examples.add(
          new io.switchboard.router.core.strategy.classifier.TrainingExample(
              new io.switchboard.router.core.features.QueryFeatures(
                  "q" + i, extractor.extract("q" + i), vector),
              java.util.Map.of("fast", 1.0, "fast2", (double) (i % 2))));
    }
    var trainer =
        new io.switchboard.router.core.strategy.classifier.ClassifierTrainer(
            new io.switchboard.router.core.strategy.classifier.ClassifierTrainer.Settings(
                List.of(
                    io.switchboard.router.core.strategy.classifier.ClassifierTrainer.ScoreModel
                        .DIFFERENCE),
                List.of(0.1),
                List.of(0.1),
                List.of(0),
                2,
                10,
                0.05,
                1,
                io.switchboard.router.config.EncoderSpec.DEFAULT));
    new com.fasterxml.jackson.databind.ObjectMapper()
        .writeValue(
            model.toFile(),
            trainer.fit(
                examples,
                List.of("fast", "fast2"),
                java.util.Map.of("fast", 0.01, "fast2", 0.001),
                "fast",
                "fast2",
                io.switchboard.router.core.strategy.classifier.ClassifierTrainer.ScoreModel
                    .DIFFERENCE,
                0.1,
                0.1,
                0));
    String hash = states.current().contentHash();
    RouterTestResource.writeConfig(
        "{\"apiVersion\":\"switchboard.io/router-config/v1\",\"policy\":{\"name\":\"cls\",\"namespace\":\"ns\","
            + "\"virtualModel\":\"auto\",\"mode\":\"classifier\",\"embedding\":{\"encoder\":\"minilm-static\"},"
            + "\"params\":{\"classifier\":{\"modelFile\":\""
            + model
            + "\"}}},\"experts\":["
            + experts
            + "]}");
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (states.lastError() == null && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(states.lastError())
        .contains(
            "the model was trained with encoder minilm/tail128 but the policy embeds with"
                + " minilm-static/tail128");
    assertThat(states.current().contentHash()).isEqualTo(hash);
    java.nio.file.Files.delete(model);
  }

  @Test
  void aKeepAliveConnectionStaysUsableAfterARequestRefusedBeforeItsBody() throws Exception {
    // One HTTP/1.1 client: its next request reuses the connection the refused one came on.
    HttpClient one = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    HttpRequest unsupported =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/chat/completions"))
            .timeout(Duration.ofSeconds(5))
            .header("content-type", "text/plain")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    "not json, and never read " + "x".repeat(5_000)))
            .build();
    for (int i = 0; i < 3; i++) {
      assertThat(one.send(unsupported, HttpResponse.BodyHandlers.ofString()).statusCode())
          .isEqualTo(415);
      HttpResponse<String> next =
          one.send(
              HttpRequest.newBuilder(
                      URI.create("http://127.0.0.1:" + port + "/v1/chat/completions"))
                  .timeout(Duration.ofSeconds(5))
                  .header("content-type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(CHAT.formatted("auto", "")))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(next.statusCode()).isEqualTo(200);
    }
  }

  @Test
  void requestsTheEmbeddingPoolCannotTakeAreServedByTheFallback() throws Exception {
    MockExperts m = RouterTestResource.experts;
    useConfig(
        "{\"apiVersion\":\"switchboard.io/router-config/v1\",\"policy\":{\"name\":\"burst\",\"namespace\":\"ns\","
            + "\"virtualModel\":\"auto\",\"mode\":\"bandit\",\"fallback\":[\"fast2\"]},\"experts\":["
            + TestConfigs.expert(m, "fast", "fast", 1, 0)
            + ","
            + TestConfigs.expert(m, "fast2", "fast2", 1, 0)
            + "]}");
    states.current().embedder().embed("load the model first");

    // Occupy every embedding thread and queue slot (the router's defaults: one thread per core, 64
    // waiting). Not a
    // test profile with a tiny pool: the DJL tokenizer's native library loads into one Quarkus
    // app's class loader
    // per JVM, so a second app that embeds fails.
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.atomic.AtomicInteger running =
        new java.util.concurrent.atomic.AtomicInteger();
    io.switchboard.router.core.spi.Embedder blocked =
        text -> {
          running.incrementAndGet();
          try {
            release.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return new float[384];
        };
    // A refused task proves the queue full only once every thread runs a blocked task: until then
    // an idle thread
    // (earlier tests started them) may still take a task off the queue after the refusal, and the
    // request's
    // embedding would take the freed slot and wait behind tasks that never end (the 10 s timeouts
    // this test had).
    int threads = states.embeddingWorkers().threads();
    List<CompletableFuture<float[]>> occupying = new ArrayList<>();
    boolean allRunning;
    CompletableFuture<float[]> last;
    do {
      allRunning = running.get() == threads;
      last = states.embeddingWorkers().embed(blocked, "occupy");
      if (!last.isCompletedExceptionally()) {
        occupying.add(last);
      } else if (!allRunning) {
        Thread.sleep(1);
      }
    } while (!(allRunning && last.isCompletedExceptionally()));
    try {
      HttpResponse<String> overloaded = chat("auto", "");
      assertThat(overloaded.statusCode()).isEqualTo(200);
      assertThat(overloaded.headers().firstValue("x-switchboard-decision"))
          .contains("bandit; strategy-failed");
      assertThat(overloaded.headers().firstValue("x-switchboard-expert")).contains("fast2");
    } finally {
      release.countDown();
    }
    occupying.forEach(CompletableFuture::join);
    assertThat(chat("auto", "").headers().firstValue("x-switchboard-decision"))
        .contains("bandit; linucb");
    assertThat(
            send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + managementPort + "/q/metrics"))
                    .build())
                .body())
        .contains("reason=\"strategy-failed\"");
  }

  @Test
  void aBadConfigIsRefusedAndTheLastGoodOneStaysActive() throws Exception {
    String hash = states.current().contentHash();
    configChanged = true;
    RouterTestResource.writeConfig(
        "{\"apiVersion\":\"switchboard.io/router-config/v1\",\"policy\":{\"mode\":\"nonsense\"}}");
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (states.lastError() == null && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }

    assertThat(states.lastError()).contains("unknown mode 'nonsense'");
    assertThat(states.current().contentHash()).isEqualTo(hash);
    assertThat(chat("auto", "").statusCode()).isEqualTo(200);
    HttpResponse<String> ready =
        send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + managementPort + "/q/health/ready"))
                .build());
    assertThat(ready.statusCode()).isEqualTo(200);
    assertThat(ready.body()).contains("lastReloadError").contains("unknown mode");
    // The operator reads which config each replica serves, and whether a newer one was refused,
    // from the metrics.
    String serving =
        java.util.HexFormat.of()
            .formatHex(
                java.security.MessageDigest.getInstance("SHA-256")
                    .digest(
                        TestConfigs.weighted(RouterTestResource.experts)
                            .getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    String metrics =
        send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + "/q/metrics"))
                .build())
            .body();
    assertThat(metrics)
        .contains("switchboard_router_config_refused 1.0")
        .contains("switchboard_router_config_active{sha256=\"" + serving + "\"} 1.0");

    // Writing back the file that serves clears the refusal without a reload.
    RouterTestResource.writeConfig(TestConfigs.weighted(RouterTestResource.experts));
    configChanged = false;
    deadline = System.nanoTime() + 5_000_000_000L;
    while (states.lastError() != null && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(states.lastError()).isNull();
    assertThat(
            send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + managementPort + "/q/metrics"))
                    .build())
                .body())
        .contains("switchboard_router_config_refused 0.0");
  }

  @Test
  void configSwapsUnderLoadFailNoRequest() throws Exception {
    configChanged = true;
    List<CompletableFuture<HttpResponse<String>>> inFlight = new ArrayList<>();
    for (int round = 0; round < 6; round++) {
      for (int i = 0; i < 25; i++) {
        inFlight.add(
            http.sendAsync(
                post(
                        "/v1/chat/completions",
                        CHAT.formatted("auto", i % 2 == 0 ? "" : ",\"stream\":true"))
                    .build(),
                HttpResponse.BodyHandlers.ofString()));
      }
      // alternate between two valid configs that change the serving expert and its connection
      // settings
      RouterTestResource.writeConfig(
          round % 2 == 0
              ? TestConfigs.weighted(
                  RouterTestResource.experts,
                  "\"fallback\":[\"fast\"],\"timeouts\":{\"connectMs\":600,\"firstByteMs\":500,\"totalMs\":3000}",
                  "")
              : TestConfigs.weighted(RouterTestResource.experts));
      Thread.sleep(120);
    }
    for (CompletableFuture<HttpResponse<String>> f : inFlight) {
      HttpResponse<String> r = f.get();
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).contains("Hello");
    }
    assertThat(states.lastError()).isNull();
  }

  @Test
  void activeHealthChecksMarkAFailingExpertUnhealthy() throws Exception {
    String config =
        TestConfigs.weighted(
                RouterTestResource.experts,
                "\"fallback\":[\"fast\"],\"healthCheck\":{\"intervalMs\":100,\"unhealthyThreshold\":1}",
                "")
            .replace("\"name\":\"error\",", "\"name\":\"error\",\"healthPath\":\"/health\",");
    useConfig(config);
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (states.current().experts().get("error").healthy() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }

    assertThat(states.current().experts().get("error").healthy()).isFalse();
    assertThat(states.current().experts().get("fast").healthy()).isTrue();
    HttpResponse<String> ready =
        send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + managementPort + "/q/health/ready"))
                .build());
    assertThat(ready.body()).contains("\"expert.error\": \"unhealthy\"");
    int hits = RouterTestResource.experts.hits("error");
    assertThat(chat("error", "").headers().firstValue("x-switchboard-expert")).contains("fast");
    assertThat(RouterTestResource.experts.hits("error")).isEqualTo(hits);
  }

  @Test
  void apiKeysComeFromTheSecretFileAndRotateWithoutRestart() throws Exception {
    java.nio.file.Path key = java.nio.file.Files.createTempFile("api-key", "");
    java.nio.file.Files.writeString(key, "sk-first\n");
    String config =
        TestConfigs.weighted(RouterTestResource.experts)
            .replace("\"name\":\"fast2\",", "\"name\":\"fast2\",\"apiKeyFile\":\"" + key + "\",");
    useConfig(config);

    assertThat(chat("fast2", "").statusCode()).isEqualTo(200);
    assertThat(RouterTestResource.experts.lastAuthorization.get("fast2"))
        .isEqualTo("Bearer sk-first");
    assertThat(RouterTestResource.experts.lastAuthorization.get("fast")).isEqualTo("none");

    String hash = states.current().contentHash();
    java.nio.file.Files.writeString(key, "sk-second\n");
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (states.current().contentHash().equals(hash) && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(chat("fast2", "").statusCode()).isEqualTo(200);
    assertThat(RouterTestResource.experts.lastAuthorization.get("fast2"))
        .isEqualTo("Bearer sk-second");
    HttpResponse<String> models =
        send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/models")).build());
    HttpResponse<String> ready =
        send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + managementPort + "/q/health/ready"))
                .build());
    assertThat(models.body() + ready.body()).doesNotContain("sk-second");
  }

  @Test
  void legacyCompletionsAreRoutedToo() throws Exception {
    HttpResponse<String> r =
        send(
            post(
                    "/v1/completions",
                    "{\"model\":\"auto\",\"prompt\":\"Say hello\",\"max_tokens\":5}")
                .build());

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("x-switchboard-expert")).contains("fast");
    assertThat(RouterTestResource.experts.lastBody.get("fast"))
        .contains("\"prompt\":\"Say hello\"")
        .contains("\"model\":\"fast-model\"");
  }

  @Test
  void tenantRateLimitAnswers429WithRetryAfter() throws Exception {
    useConfig(
        TestConfigs.weighted(
            RouterTestResource.experts,
            "\"fallback\":[\"fast\"]",
            "\"tenants\":{\"requestsPerSecond\":0.5,\"burst\":1}"));

    assertThat(chat("auto", "").statusCode()).isEqualTo(200);
    HttpResponse<String> limited = chat("auto", "");
    assertThat(limited.statusCode()).isEqualTo(429);
    // one token per 2 s: the wait is 2 s, or 1 s if the second request came more than a second
    // later
    assertThat(limited.headers().firstValue("retry-after"))
        .hasValueSatisfying(v -> assertThat(v).isIn("1", "2"));
    assertThat(limited.body()).contains("rate_limit_exceeded");
  }

  @Test
  void http2UpstreamsUseClearTextPriorKnowledge() throws Exception {
    useConfig(
        TestConfigs.weighted(RouterTestResource.experts)
            .replace("\"name\":\"fast2\",", "\"name\":\"fast2\",\"http2\":true,"));

    for (String extra : List.of("", ",\"stream\":true")) {
      HttpResponse<String> r = chat("fast2", extra);
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.headers().firstValue("x-switchboard-expert")).contains("fast2");
      assertThat(r.body()).contains("Hello");
    }
    assertThat(RouterTestResource.experts.lastProtocol.get("fast2")).isEqualTo("HTTP_2");
  }

  /**
   * fast2 priced ten times fast; the shadow is a cascade whose first stage is fast2, so its choice
   * always differs from the weighted primary's (fast).
   */
  private static String shadowConfig(String shadowExtra) {
    return TestConfigs.weighted(
            RouterTestResource.experts,
            "\"params\":{\"cascade\":{\"order\":[\"fast2\",\"fast\"]}},"
                + "\"shadow\":{\"mode\":\"cascade\",\"samplePercent\":100"
                + shadowExtra
                + "}",
            "")
        .replace(
            "\"weight\":0.0,\"priority\":0,\"inputUsdPerMillion\":1.0,\"outputUsdPerMillion\":2.0",
            "\"weight\":0.0,\"priority\":0,\"inputUsdPerMillion\":10.0,\"outputUsdPerMillion\":20.0");
  }

  private double metric(String line) throws Exception {
    String body =
        send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + "/q/metrics"))
                .build())
            .body();
    for (String l : body.split("\n")) {
      if (l.startsWith(line + " ")) {
        return Double.parseDouble(l.substring(line.length() + 1).trim());
      }
    }
    return 0;
  }

  private static final String SHADOW_SAMPLES =
      "switchboard_router_shadow_samples_total{expert=\"fast\",policy=\"test\",shadow_expert=\"fast2\",shadow_mode=\"cascade\"}";
  private static final String SERVED_COST =
      "switchboard_router_shadow_cost_usd_total{policy=\"test\",shadow_mode=\"cascade\",side=\"served\"}";
  private static final String SHADOW_COST =
      "switchboard_router_shadow_cost_usd_total{policy=\"test\",shadow_mode=\"cascade\",side=\"shadow\"}";

  @Test
  void shadowModeServesThePrimaryAndCountsWhatTheShadowWouldHaveCost() throws Exception {
    useConfig(shadowConfig(""));
    double samples = metric(SHADOW_SAMPLES);
    double served = metric(SERVED_COST);
    double shadow = metric(SHADOW_COST);
    int fast2Hits = RouterTestResource.experts.hits("fast2");

    for (int i = 0; i < 3; i++) {
      HttpResponse<String> r = chat("auto", "");
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.headers().firstValue("x-switchboard-expert")).contains("fast");
      assertThat(r.headers().firstValue("x-switchboard-decision")).contains("weighted; weight");
    }

    // The comparison is recorded once the shadow decided: on the event loop, just after the answer.
    long deadline = System.nanoTime() + 2_000_000_000L;
    while (metric(SHADOW_SAMPLES) < samples + 3 && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(metric(SHADOW_SAMPLES)).isEqualTo(samples + 3);
    // 7 prompt + 2 completion tokens each: 1.1e-5 USD at fast's prices, 1.1e-4 at fast2's.
    assertThat(metric(SERVED_COST) - served).isCloseTo(3 * 1.1e-5, within(1e-9));
    assertThat(metric(SHADOW_COST) - shadow).isCloseTo(3 * 1.1e-4, within(1e-9));
    // No mirror asked for: the shadow's expert was never called.
    assertThat(RouterTestResource.experts.hits("fast2")).isEqualTo(fast2Hits);
  }

  @Test
  void mirroredShadowCallsMeasureTheShadowsCostAndAreBookedToTheirOwnTenant() throws Exception {
    useConfig(shadowConfig(",\"mirror\":true"));
    double shadow = metric(SHADOW_COST);
    String mirrored =
        "switchboard_router_shadow_mirrored_total{policy=\"test\",shadow_mode=\"cascade\"}";
    double mirroredBefore = metric(mirrored);
    int fast2Hits = RouterTestResource.experts.hits("fast2");

    HttpResponse<String> r = chat("auto", ",\"stream\":true");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("x-switchboard-expert")).contains("fast");

    long deadline = System.nanoTime() + 2_000_000_000L;
    while (metric(mirrored) < mirroredBefore + 1 && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(metric(mirrored)).isEqualTo(mirroredBefore + 1);
    assertThat(RouterTestResource.experts.hits("fast2")).isEqualTo(fast2Hits + 1);
    assertThat(metric(SHADOW_COST) - shadow).isCloseTo(1.1e-4, within(1e-9));
    assertThat(
            metric(
                "switchboard_router_cost_usd_total{expert=\"fast2\",policy=\"test\",tenant=\"shadow-mirror\"}"))
        .isGreaterThanOrEqualTo(1.1e-4);
    assertThat(
            send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/switchboard/usage"))
                    .build())
                .body())
        .contains("\"tenant\":\"shadow-mirror\"");
  }

  @Test
  void feedbackGradesAreCountedPerExpertForTheShadowComparison() throws Exception {
    String count =
        "switchboard_router_quality_grade_count{expert=\"fast\",policy=\"test\",source=\"feedback\"}";
    String sum =
        "switchboard_router_quality_grade_sum{expert=\"fast\",policy=\"test\",source=\"feedback\"}";
    double countBefore = metric(count);
    double sumBefore = metric(sum);
    String id = chat("auto", "").headers().firstValue("x-request-id").orElseThrow();

    assertThat(
            send(post("/v1/feedback", "{\"request_id\":\"" + id + "\",\"score\":0.25}").build())
                .statusCode())
        .isEqualTo(202);
    assertThat(metric(count)).isEqualTo(countBefore + 1);
    assertThat(metric(sum) - sumBefore).isCloseTo(0.25, within(1e-12));
  }

  private static String cascadeConfig(String streaming) {
    return TestConfigs.weighted(RouterTestResource.experts, "\"fallback\":[\"fast\"]", "")
        .replace(
            "\"mode\":\"weighted\"",
            "\"mode\":\"cascade\",\"params\":{\"cascade\":{\"order\":[\"fast\",\"fast2\"],"
                + "\"threshold\":0.9,\"streaming\":\""
                + streaming
                + "\"}}");
  }

  @Test
  void cascadeBufferFirstStageJudgesAStreamedDraftAndStreamsTheEscalatedAnswer() throws Exception {
    useConfig(cascadeConfig("buffer-first-stage"));
    int fast = RouterTestResource.experts.hits("fast");
    int fast2 = RouterTestResource.experts.hits("fast2");

    HttpResponse<String> r = chat("auto", ",\"stream\":true");

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("content-type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("text/event-stream"));
    // fast's draft (mean token probability e^-1 ≈ 0.37 < 0.9) was buffered, judged and replaced.
    assertThat(r.headers().firstValue("x-switchboard-expert")).contains("fast2");
    assertThat(r.headers().firstValue("x-switchboard-decision"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("cascade; cascade; stage=1"));
    assertThat(r.body()).contains("\"model\":\"fast2-model\"").doesNotContain("fast-model\"");
    assertThat(RouterTestResource.experts.hits("fast")).isEqualTo(fast + 1);
    assertThat(RouterTestResource.experts.hits("fast2")).isEqualTo(fast2 + 1);
  }

  @Test
  void cascadeStreamFirstStageRelaysTheFirstStageUnjudged() throws Exception {
    useConfig(cascadeConfig("stream-first-stage"));
    int fast = RouterTestResource.experts.hits("fast");
    int fast2 = RouterTestResource.experts.hits("fast2");

    HttpResponse<String> r = chat("auto", ",\"stream\":true");

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("content-type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("text/event-stream"));
    assertThat(r.headers().firstValue("x-switchboard-expert")).contains("fast");
    assertThat(r.headers().firstValue("x-switchboard-decision"))
        .contains("cascade; stream-first-stage");
    assertThat(r.body()).contains("\"model\":\"fast-model\"").contains("data: [DONE]");
    assertThat(RouterTestResource.experts.hits("fast")).isEqualTo(fast + 1);
    assertThat(RouterTestResource.experts.hits("fast2")).isEqualTo(fast2);
    // A request that is not streamed still cascades under the same policy.
    HttpResponse<String> buffered = chat("auto", "");
    assertThat(buffered.headers().firstValue("x-switchboard-expert")).contains("fast2");
    assertThat(RouterTestResource.experts.hits("fast2")).isEqualTo(fast2 + 1);
  }

  @Test
  void strategyMetersAreExportedAndFollowConfigReloads() throws Exception {
    // The mock expert answers prose, not {"expert": ...}: every decision is a router-LLM fallback
    // and a cache miss.
    useConfig(
        TestConfigs.weighted(RouterTestResource.experts)
            .replace(
                "\"mode\":\"weighted\"",
                "\"mode\":\"llm\",\"params\":{\"llm\":{\"routerExpert\":\"fast\",\"timeoutMs\":800,"
                    + "\"fallbackMode\":\"weighted\",\"cache\":{\"maxEntries\":10,\"ttlSeconds\":60,\"semanticThreshold\":1.0}}}"));

    for (int i = 0; i < 2; i++) {
      HttpResponse<String> r = chat("auto", "");
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.headers().firstValue("x-switchboard-decision")).contains("llm; llm-fallback");
    }

    String metrics =
        send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + "/q/metrics"))
                .build())
            .body();
    assertThat(metrics)
        .contains("switchboard_router_llm_fallbacks_total{mode=\"llm\",policy=\"test\"} 2.0")
        .contains(
            "switchboard_router_llm_cache_lookups_total{mode=\"llm\",policy=\"test\",result=\"miss\"} 2.0")
        .contains(
            "switchboard_router_llm_cache_lookups_total{mode=\"llm\",policy=\"test\",result=\"exact\"} 0.0")
        .contains("switchboard_router_embedding_cache_lookups_total{result=\"hit\"}");

    useConfig(TestConfigs.weighted(RouterTestResource.experts));
    assertThat(
            send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + managementPort + "/q/metrics"))
                    .build())
                .body())
        .doesNotContain("switchboard_router_llm_cache_lookups_total");
  }

  @Test
  void aJudgeGradesSampledBanditAnswersAfterTheClientHasThem() throws Exception {
    MockExperts m = RouterTestResource.experts;
    useConfig(
        "{\"apiVersion\":\"switchboard.io/router-config/v1\",\"policy\":{\"name\":\"judged\",\"namespace\":\"ns\","
            + "\"virtualModel\":\"auto\",\"mode\":\"bandit\",\"params\":{\"bandit\":{\"judgeExpert\":\"judge\",\"judgeSamplePercent\":100}},"
            + "\"timeouts\":{\"connectMs\":500,\"firstByteMs\":1000,\"totalMs\":3000}},\"experts\":["
            + TestConfigs.expert(m, "fast", "fast", 1, 0)
            + ","
            + TestConfigs.expert(m, "fast2", "fast2", 1, 0)
            + ","
            + TestConfigs.expert(m, "judge", "judge", 1, 0)
            + "]}");

    int routedElsewhere = 0;
    for (int i = 0; i < 8; i++) {
      HttpResponse<String> r = chat("auto", i % 2 == 0 ? "" : ",\"stream\":true");
      assertThat(r.statusCode()).isEqualTo(200);
      if (!r.headers().firstValue("x-switchboard-expert").orElseThrow().equals("judge")) {
        routedElsewhere++;
      }
    }

    // Every answer the judge did not write itself is graded, streamed ones included; grading runs
    // after the response.
    String graded =
        "switchboard_router_judge_feedback_total{mode=\"bandit\",policy=\"judged\",result=\"graded\"} "
            + routedElsewhere
            + ".0";
    long deadline = System.nanoTime() + 5_000_000_000L;
    String metrics = "";
    while (System.nanoTime() < deadline && !metrics.contains(graded)) {
      Thread.sleep(50);
      metrics =
          send(HttpRequest.newBuilder(
                      URI.create("http://127.0.0.1:" + managementPort + "/q/metrics"))
                  .build())
              .body();
    }
    assertThat(metrics).contains(graded);
    if (routedElsewhere > 0) {
      assertThat(m.lastBody.get("grading")).contains("Say hello").contains("Answer:\\nHello there");
    }
  }

  @Test
  void theLearnedStateExchangeNeedsTheOperatorsTokenWhenTheConfigNamesItsHash() throws Exception {
    String token = "policy-token-from-the-operator";
    String sha =
        java.util.HexFormat.of()
            .formatHex(
                java.security.MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    MockExperts m = RouterTestResource.experts;
    useConfig(
        "{\"apiVersion\":\"switchboard.io/router-config/v1\",\"policy\":{\"name\":\"guarded\",\"namespace\":\"ns\","
            + "\"virtualModel\":\"auto\",\"mode\":\"bandit\",\"controlTokenSha256\":\""
            + sha
            + "\"},\"experts\":["
            + TestConfigs.expert(m, "fast", "fast", 1, 0)
            + ","
            + TestConfigs.expert(m, "fast2", "fast2", 1, 0)
            + "]}");
    URI local = URI.create("http://127.0.0.1:" + port + "/switchboard/learning/local");
    URI peers = URI.create("http://127.0.0.1:" + port + "/switchboard/learning/peers");

    HttpResponse<String> anonymous = send(HttpRequest.newBuilder(local).build());
    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(anonymous.body())
        .contains("\"type\":\"authentication_error\"")
        .contains("invalid_control_token");
    assertThat(
            send(HttpRequest.newBuilder(local).header("authorization", "Bearer wrong").build())
                .statusCode())
        .isEqualTo(401);
    assertThat(
            send(HttpRequest.newBuilder(peers)
                    .header("content-type", "application/json")
                    .PUT(
                        HttpRequest.BodyPublishers.ofString("{\"fingerprint\":\"x\",\"peers\":{}}"))
                    .build())
                .statusCode())
        .isEqualTo(401);

    HttpResponse<String> operator =
        send(HttpRequest.newBuilder(local).header("authorization", "Bearer " + token).build());
    assertThat(operator.statusCode()).isEqualTo(200);
    assertThat(operator.body()).contains("\"fingerprint\":\"bandit/linucb/");
    // The OpenAI API itself is unaffected.
    assertThat(chat("auto", "").statusCode()).isEqualTo(200);
  }

  @Test
  void banditReplicasExchangeLearnedStateThroughTheLearningEndpoints() throws Exception {
    HttpRequest local =
        HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/switchboard/learning/local"))
            .build();
    assertThat(send(local).statusCode()).isEqualTo(404); // weighted mode learns nothing

    MockExperts m = RouterTestResource.experts;
    useConfig(
        "{\"apiVersion\":\"switchboard.io/router-config/v1\",\"policy\":{\"name\":\"replicated\",\"namespace\":\"ns\","
            + "\"virtualModel\":\"auto\",\"mode\":\"bandit\",\"params\":{\"bandit\":{\"contextDims\":4}}},\"experts\":["
            + TestConfigs.expert(m, "fast", "fast", 1, 0)
            + ","
            + TestConfigs.expert(m, "fast2", "fast2", 1, 0)
            + "]}");
    com.fasterxml.jackson.databind.JsonNode mine =
        new com.fasterxml.jackson.databind.ObjectMapper().readTree(send(local).body());
    String fingerprint = mine.path("fingerprint").asText();
    assertThat(fingerprint).startsWith("bandit/linucb/d=");
    int d = mine.path("state").path("dimension").asInt();

    // A peer's state: 3 pulls of fast2 with reward 1 on the bias feature.
    StringBuilder a = new StringBuilder();
    for (int i = 0; i < d * d; i++) {
      a.append(i > 0 ? "," : "")
          .append(i % (d + 1) == 0 ? (i == (d - 1) * (d + 1) ? "4.0" : "1.0") : "0.0");
    }
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < d; i++) {
      b.append(i > 0 ? "," : "").append(i == d - 1 ? "3.0" : "0.0");
    }
    String peerState =
        "{\"algorithm\":\"linucb\",\"dimension\":"
            + d
            + ",\"ridge\":1.0,\"arms\":{\"fast2\":{\"a\":["
            + a
            + "],\"b\":["
            + b
            + "],\"pulls\":3,\"rewardSum\":3.0}}}";
    HttpResponse<String> put =
        send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/switchboard/learning/peers"))
                .header("content-type", "application/json")
                .PUT(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"fingerprint\":\""
                            + fingerprint
                            + "\",\"peers\":{\"10.0.0.2:15080\":"
                            + peerState
                            + "}}"))
                .build());
    assertThat(put.statusCode()).isEqualTo(204);
    // The peer's pulls now count in decisions, never in this replica's own (persisted) state.
    var state =
        (io.switchboard.router.core.strategy.bandit.BanditStrategy) states.current().strategy();
    assertThat(state.snapshot().arms().get("fast2").pulls()).isEqualTo(3);
    assertThat(
            new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(send(local).body())
                .path("state")
                .path("arms")
                .path("fast2")
                .isMissingNode())
        .isTrue();

    HttpResponse<String> wrongSpace =
        send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/switchboard/learning/peers"))
                .header("content-type", "application/json")
                .PUT(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"fingerprint\":\"bandit/thompson/d=3\",\"peers\":{}}"))
                .build());
    assertThat(wrongSpace.statusCode()).isEqualTo(409);
    assertThat(wrongSpace.body()).contains("fingerprint_mismatch");
  }

  @Test
  void theLearnedStateExchangeRefusesABodyOfTwiceItsCapWhileItStreamsIn() throws Exception {
    MockExperts m = RouterTestResource.experts;
    useConfig(
        "{\"apiVersion\":\"switchboard.io/router-config/v1\",\"policy\":{\"name\":\"capped\",\"namespace\":\"ns\","
            + "\"virtualModel\":\"auto\",\"mode\":\"bandit\"},\"experts\":["
            + TestConfigs.expert(m, "fast", "fast", 1, 0)
            + ","
            + TestConfigs.expert(m, "fast2", "fast2", 1, 0)
            + "]}");
    int cap = 16 * 1024 * 1024; // switchboard.router.learning-body-max-bytes
    assertThat(RawHttp.send(port, "PUT", "/switchboard/learning/peers", 2 * cap, false))
        .isEqualTo(413);
    assertThat(RawHttp.send(port, "PUT", "/switchboard/learning/peers", 2 * cap, true))
        .isIn(413, -1);
    assertThat(chat("auto", "").statusCode()).isEqualTo(200);
  }

  @Test
  void everyEndpointRefusesABodyOfTwiceItsLimitAndTheRouterAnswersTheNextRequest()
      throws Exception {
    // Every endpoint gets a body of twice its limit, declared and chunked; the router refuses it
    // without
    // buffering it (the policy's maxBodyBytes is 20000 in the test config, feedback's cap 64 KiB).
    int policyLimit = 20_000;
    int feedbackLimit = 64 * 1024;
    List<BodyEndpoint> endpoints =
        List.of(
            new BodyEndpoint("POST", "/v1/chat/completions", policyLimit),
            new BodyEndpoint("POST", "/v1/completions", policyLimit),
            new BodyEndpoint("POST", "/v1/embeddings", policyLimit),
            new BodyEndpoint("POST", "/v1/feedback", feedbackLimit),
            new BodyEndpoint("GET", "/v1/models", policyLimit),
            new BodyEndpoint("GET", "/switchboard/usage", policyLimit),
            new BodyEndpoint("GET", "/switchboard/learning/local", policyLimit),
            new BodyEndpoint("GET", "/switchboard/federation/aggregate", policyLimit),
            new BodyEndpoint("POST", "/v1/no-such-endpoint", policyLimit),
            new BodyEndpoint("GET", "/q/health", policyLimit),
            new BodyEndpoint("GET", "/q/metrics", policyLimit),
            // quarkus.management.limits.max-body-size
            new BodyEndpoint("GET", "/q/health", 16 * 1024, true),
            new BodyEndpoint("GET", "/q/metrics", 16 * 1024, true));
    for (BodyEndpoint e : endpoints) {
      int target = e.management() ? managementPort : port;
      int declared = RawHttp.send(target, e.method(), e.path(), 2 * e.limit(), false);
      if (e.method().equals("POST") && !e.path().contains("no-such")) {
        assertThat(declared)
            .as("%s %s with Content-Length 2x the limit", e.method(), e.path())
            .isEqualTo(413);
      } else {
        assertThat(declared)
            .as("%s %s with a body it does not read", e.method(), e.path())
            .isBetween(200, 499);
      }
      int chunked = RawHttp.send(target, e.method(), e.path(), 2 * e.limit(), true);
      if (e.method().equals("POST") && !e.path().contains("no-such")) {
        assertThat(chunked).as("%s %s chunked, 2x the limit", e.method(), e.path()).isIn(413, -1);
      }
      assertThat(RawHttp.send(port, "POST", "/v1/chat/completions", 0, false))
          .as("the next request after %s", e.path())
          .isEqualTo(200);
    }
  }

  private record BodyEndpoint(String method, String path, int limit, boolean management) {
    BodyEndpoint(String method, String path, int limit) {
      this(method, path, limit, false);
    }
  }

  @Test
  void healthAndMetricsAnswerOnTheManagementPortOnly() throws Exception {
    for (String path : List.of("/q/metrics", "/q/health/ready", "/q/health/live")) {
      HttpResponse<String> management =
          send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + path))
                  .build());
      assertThat(management.statusCode()).as("%s on the management port", path).isEqualTo(200);
      HttpResponse<String> api =
          send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build());
      assertThat(api.statusCode()).as("%s on the API port", path).isEqualTo(404);
      assertThat(api.body())
          .contains("\"type\":\"invalid_request_error\"")
          .doesNotContain("switchboard_router");
    }
    assertThat(
            send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + managementPort + "/q/metrics"))
                    .build())
                .body())
        .contains("switchboard_router_config_active");
    // The API stays on the API port: the management interface serves nothing else.
    assertThat(
            send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + managementPort + "/v1/models"))
                    .build())
                .statusCode())
        .isEqualTo(404);
  }

  @Test
  void everyErrorStatusHasAnOpenAiShapedBody() throws Exception {
    URI chatUri = URI.create("http://127.0.0.1:" + port + "/v1/chat/completions");
    HttpResponse<String> get = send(HttpRequest.newBuilder(chatUri).GET().build());
    assertThat(get.statusCode()).isEqualTo(405);
    assertThat(get.headers().firstValue("allow")).contains("POST");
    assertThat(get.body())
        .contains("\"type\":\"invalid_request_error\"")
        .contains("method_not_allowed");
    assertThat(
            send(HttpRequest.newBuilder(chatUri)
                    .PUT(HttpRequest.BodyPublishers.ofString("{}"))
                    .build())
                .statusCode())
        .isEqualTo(405);

    HttpResponse<String> unknown =
        send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/nothing"))
                .header("x-request-id", "req-404")
                .build());
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(unknown.headers().firstValue("x-request-id")).contains("req-404");
    assertThat(unknown.body()).contains("\"type\":\"invalid_request_error\"");

    HttpResponse<String> noRound =
        send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/switchboard/federation/aggregate"))
                .build());
    assertThat(noRound.statusCode()).isEqualTo(404);
    assertThat(noRound.body()).contains("\"type\":\"invalid_request_error\"").contains("no_round");

    // 64 KB in one header value, 1,000 small headers, and 300 repeats of one name (each counts):
    // refused with a body an SDK can read.
    String bigHeader = "x-big: " + "a".repeat(64 * 1024) + "\r\n";
    StringBuilder many = new StringBuilder();
    for (int i = 0; i < 1000; i++) {
      many.append("x-h").append(i).append(": v\r\n");
    }
    String repeated = "x-same: v\r\n".repeat(300);
    for (String extra : List.of(bigHeader, many.toString(), repeated)) {
      RawHttp.Reply reply = RawHttp.head(port, "POST", "/v1/chat/completions", extra);
      assertThat(reply.status()).isEqualTo(431);
      assertThat(reply.body())
          .contains("\"type\":\"invalid_request_error\"")
          .contains("header_fields_too_large");
    }
    assertThat(chat("auto", "").statusCode()).isEqualTo(200);
  }

  /**
   * Generated bad input through the router's HTTP layer (seeded generators): malformed and
   * truncated JSON, wrong types, deeply nested and oversized bodies, wrong methods and content
   * types, odd headers. No client error may get a 5xx, every error body is OpenAI-shaped, valid
   * requests among them still succeed, and the heap does not grow with the traffic.
   *
   * <p>CI sends {@code switchboard.fuzz.requests} (20,000) requests; the full run is {@code ./mvnw
   * -pl router-sidecar/app -am verify
   * -Dtest=RouterHttpTest#generatedBadInputGetsOpenAiShapedClientErrorsAndNeverA5xx
   * -Dsurefire.failIfNoSpecifiedTests=false -Dswitchboard.fuzz.requests=1000000}.
   */
  @Test
  void generatedBadInputGetsOpenAiShapedClientErrorsAndNeverA5xx() throws Exception {
    int requests = Integer.getInteger("switchboard.fuzz.requests", 20_000);
    long seed = Long.getLong("switchboard.fuzz.seed", 20261203L);
    long heapBefore = usedHeapAfterGc();

    FuzzRun run = FuzzRun.against(port, 20_000, seed, requests, 4);

    Map<Integer, Long> statuses = new TreeMap<>(run.statuses());
    System.out.printf("fuzz: %d requests, seed %d, statuses %s%n", requests, seed, statuses);
    assertThat(run.failures()).as("seed %d", seed).isEmpty();
    assertThat(statuses.keySet()).as("statuses").allMatch(s -> s < 500);
    assertThat(statuses).containsKeys(200, 400, 413);
    for (String body : run.errorBodies()) {
      JsonNode error = new ObjectMapper().readTree(body).path("error");
      assertThat(error.path("message").isTextual()).as(body).isTrue();
      assertThat(error.path("type").isTextual()).as(body).isTrue();
    }
    long grownMb = (usedHeapAfterGc() - heapBefore) >> 20;
    assertThat(grownMb).as("heap growth over the run, MB").isLessThan(64);
  }

  private static long usedHeapAfterGc() throws InterruptedException {
    Runtime runtime = Runtime.getRuntime();
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(50);
    }
    return runtime.totalMemory() - runtime.freeMemory();
  }
}
