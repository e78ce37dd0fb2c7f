package io.switchboard.router.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.router.MockExperts;
import io.switchboard.router.RawHttp;
import io.switchboard.router.RouterTestResource;
import io.switchboard.router.TestConfigs;
import io.switchboard.router.core.strategy.federated.FederatedBandit;
import io.switchboard.router.core.strategy.federated.FederatedRound;
import io.switchboard.router.federation.ActiveFederation;
import io.switchboard.router.federation.FederationLoop;
import io.switchboard.router.runtime.RouterStateManager;
import jakarta.inject.Inject;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The durable-state exchange over real HTTP ({@code GET/PUT /switchboard/state}): only the policy's
 * control token opens it, a hand-back is capped while it streams in, and a router whose state the
 * operator keeps shares nothing until the hand-back, adopts a departed replica's spend and learning
 * once however often the hand-off is repeated, and serves a charged round only after the operator
 * acknowledged its epsilon.
 */
@QuarkusTest
@QuarkusTestResource(value = RouterTestResource.class, restrictToAnnotatedClass = true)
class DurableStateHttpTest {

  private static final String TOKEN = "operator-control-token-of-this-policy";
  private static final String STATE = "/switchboard/state";

  @ConfigProperty(name = "quarkus.http.test-port")
  int port;

  @Inject RouterStateManager states;
  @Inject FederationLoop loop;
  @Inject ActiveFederation active;
  @Inject StateHandback handback;

  private final HttpClient http = HttpClient.newHttpClient();
  private final ObjectMapper json = new ObjectMapper();

  @AfterEach
  void restore() throws Exception {
    handback.operatorKeepsState(false);
    useConfig(TestConfigs.weighted(RouterTestResource.experts), "weighted");
  }

  private static String tokenSha256() throws Exception {
    return HexFormat.of()
        .formatHex(
            MessageDigest.getInstance("SHA-256").digest(TOKEN.getBytes(StandardCharsets.UTF_8)));
  }

  private void useConfig(String config, String mode) throws Exception {
    RouterTestResource.writeConfig(config);
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (System.nanoTime() < deadline
        && (states.current() == null || !mode.equals(states.current().strategy().type()))) {
      Thread.sleep(20);
    }
    assertThat(states.current().strategy().type()).isEqualTo(mode);
  }

  private String guardedWeighted() throws Exception {
    return TestConfigs.weighted(
        RouterTestResource.experts,
        "\"fallback\":[\"fast\"],\"controlTokenSha256\":\"" + tokenSha256() + "\"",
        "");
  }

  private String federatedConfig() throws Exception {
    String deadPeer;
    try (ServerSocket socket = new ServerSocket(0)) {
      deadPeer = "http://127.0.0.1:" + socket.getLocalPort();
    }
    MockExperts m = RouterTestResource.experts;
    String mock = m.url("");
    return """
        {"apiVersion": "switchboard.io/router-config/v1",
         "policy": {"name": "fed", "namespace": "ns", "virtualModel": "fed", "mode": "federated",
           "controlTokenSha256": "%s",
           "timeouts": {"connectMs": 500, "firstByteMs": 5000, "totalMs": 8000},
           "params": {"bandit": {"contextDims": 2, "stateFile": "%s"},
                      "federated": {"peers": ["%s"], "epsilonPerRound": 0.5, "totalEpsilon": 2.0,
                                    "roundSeconds": 3600}}},
         "experts": [
           {"name": "fast", "model": "fast-model", "endpoint": "%sfast",
            "inputUsdPerMillion": 1000.0, "outputUsdPerMillion": 1000.0},
           {"name": "fast2", "model": "fast2-model", "endpoint": "%sfast2",
            "inputUsdPerMillion": 1000.0, "outputUsdPerMillion": 1000.0}]}
        """
        .formatted(
            tokenSha256(),
            Files.createTempDirectory("switchboard-durable-bandit").resolve("bandit.json"),
            deadPeer,
            mock,
            mock);
  }

  private HttpResponse<String> send(String method, String path, String body, String token)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(10))
            .header("content-type", "application/json")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      request.header("authorization", "Bearer " + token);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> operator(String method, String body) throws Exception {
    return send(method, STATE, body, TOKEN);
  }

  private static String errorCode(HttpResponse<String> response) throws Exception {
    return new ObjectMapper().readTree(response.body()).path("error").path("code").asText();
  }

  @Test
  void theStateExchangeOpensOnlyToTheControlTokenAndCapsAHandBackWhileItStreams() throws Exception {
    useConfig(TestConfigs.weighted(RouterTestResource.experts), "weighted");
    HttpResponse<String> noToken = operator("GET", null);
    assertThat(noToken.statusCode())
        .as("a policy without a control token keeps its state exchange shut")
        .isEqualTo(403);
    assertThat(errorCode(noToken)).isEqualTo("no_control_token");

    String guarded = guardedWeighted();
    RouterTestResource.writeConfig(guarded);
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (System.nanoTime() < deadline
        && states.current().config().policy().controlTokenSha256() == null) {
      Thread.sleep(20);
    }
    for (String wrong : new String[] {null, "wrong"}) {
      HttpResponse<String> get = send("GET", STATE, null, wrong);
      assertThat(get.statusCode()).isEqualTo(401);
      assertThat(errorCode(get)).isEqualTo("invalid_control_token");
      assertThat(send("PUT", STATE, "{\"id\":\"x\"}", wrong).statusCode()).isEqualTo(401);
    }
    HttpResponse<String> report = operator("GET", null);
    assertThat(report.statusCode()).isEqualTo(200);
    assertThat(report.headers().firstValue("cache-control")).hasValue("no-store");
    JsonNode body = json.readTree(report.body());
    assertThat(body.path("instance").asText()).isNotEmpty();
    assertThat(body.path("loaded").asBoolean()).isTrue();
    assertThat(body.has("tenantMonthUsd")).isTrue();

    int cap = 16 * 1024 * 1024; // switchboard.router.learning-body-max-bytes
    String auth = "Authorization: Bearer " + TOKEN + "\r\n";
    assertThat(RawHttp.send(port, "PUT", STATE, 2 * cap, false, auth))
        .as("declared twice the cap: refused from the headers")
        .isEqualTo(413);
    assertThat(RawHttp.send(port, "PUT", STATE, 2 * cap, true, auth))
        .as("chunked twice the cap: refused while it streams in")
        .isIn(413, -1);
    assertThat(RawHttp.send(port, "PUT", STATE, 2 * cap, false, ""))
        .as("without the token the body is not even read")
        .isEqualTo(401);
    assertThat(operator("PUT", "not json").statusCode()).isEqualTo(400);
    assertThat(RawHttp.send(port, "POST", "/v1/chat/completions", 0, false)).isEqualTo(200);
  }

  private void learnFromRequests(int n) throws Exception {
    for (int i = 0; i < n; i++) {
      HttpResponse<String> r =
          send(
              "POST",
              "/v1/chat/completions",
              "{\"model\":\"fed\",\"messages\":[{\"role\":\"user\",\"content\":\"2+2?\"}]}",
              null);
      assertThat(r.statusCode()).isEqualTo(200);
      String id = r.headers().firstValue("x-request-id").orElseThrow();
      assertThat(
              send("POST", "/v1/feedback", "{\"request_id\":\"" + id + "\",\"score\":0.9}", null)
                  .statusCode())
          .isLessThan(300);
    }
  }

  private static long pulls(JsonNode banditState) {
    long total = 0;
    for (JsonNode arm : banditState.path("arms")) {
      total += arm.path("pulls").asLong();
    }
    return total;
  }

  private void round() throws Exception {
    loop.runRound().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
  }

  @Test
  void aFederatedRouterSharesNothingBeforeTheHandBackAdoptsOnceAndServesOnlyAcknowledgedRounds()
      throws Exception {
    handback.operatorKeepsState(true);
    useConfig(federatedConfig(), "federated");
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (System.nanoTime() < deadline && active.current().isEmpty()) {
      Thread.sleep(20);
    }
    FederatedBandit federation = (FederatedBandit) active.current().orElseThrow();
    learnFromRequests(6);
    round();
    assertThat(federation.ledger().spentEpsilon())
        .as("no round is charged before the ledger is handed back")
        .isZero();
    HttpResponse<String> refused = send("GET", "/switchboard/federation/aggregate", null, null);
    assertThat(refused.statusCode()).isEqualTo(503);
    assertThat(errorCode(refused)).isEqualTo("ledger_not_loaded");

    JsonNode report = json.readTree(operator("GET", null).body());
    assertThat(report.path("loaded").asBoolean()).isFalse();
    assertThat(pulls(report.path("learning").path("state"))).isEqualTo(6);
    assertThat(report.path("privacy").path("spentEpsilon").asDouble()).isZero();
    double ownSpend = report.path("tenantMonthUsd").path("anonymous").asDouble();
    assertThat(ownSpend).isPositive();

    // The operator hands back a departed replica's state: its 6 decisions, $1.5 and 0.5 ε spent.
    ObjectNode handoff =
        json.createObjectNode()
            .put("id", "departed-1")
            .put("month", YearMonth.now(ZoneOffset.UTC).toString());
    handoff.putObject("tenantMonthUsd").put("anonymous", 1.5);
    handoff
        .putArray("learning")
        .addObject()
        .put("modelSpace", report.path("learning").path("modelSpace").asText())
        .set("state", report.path("learning").path("state"));
    handoff.putObject("privacy").put("spentEpsilon", 0.5).put("rounds", 1);
    assertThat(operator("PUT", handoff.toString()).statusCode()).isEqualTo(204);
    assertThat(operator("PUT", handoff.toString()).statusCode())
        .as("a repeated hand-off adds nothing")
        .isEqualTo(204);

    JsonNode after = json.readTree(operator("GET", null).body());
    assertThat(after.path("loaded").asBoolean()).isTrue();
    assertThat(after.path("appliedHandoffs").toString()).contains("departed-1");
    assertThat(pulls(after.path("learning").path("state"))).isEqualTo(12);
    assertThat(after.path("tenantMonthUsd").path("anonymous").asDouble())
        .isCloseTo(ownSpend + 1.5, within(1e-9));
    assertThat(after.path("privacy").path("spentEpsilon").asDouble()).isEqualTo(0.5);

    // Its own 6 decisions are new (the adopted ones are covered): charged, held for the ack.
    round();
    assertThat(federation.ledger().spentEpsilon()).isCloseTo(1.0, within(1e-12));
    assertThat(send("GET", "/switchboard/federation/aggregate", null, null).statusCode())
        .as("held until the operator stored its epsilon")
        .isEqualTo(404);
    handoff = json.createObjectNode();
    handoff.putObject("privacy").put("spentEpsilon", 0.5).put("rounds", 1);
    operator("PUT", handoff.toString());
    assertThat(send("GET", "/switchboard/federation/aggregate", null, null).statusCode())
        .as("an ack below the charge releases nothing")
        .isEqualTo(404);
    handoff = json.createObjectNode();
    handoff.putObject("privacy").put("spentEpsilon", 1.0).put("rounds", 2);
    operator("PUT", handoff.toString());
    HttpResponse<String> served = send("GET", "/switchboard/federation/aggregate", null, null);
    assertThat(served.statusCode()).isEqualTo(200);
    FederatedRound round = json.readValue(served.body(), FederatedRound.class);
    assertThat(round.round()).as("numbered after the departed replica's round").isEqualTo(2);
    assertThat(round.epsilonSpent()).isCloseTo(1.0, within(1e-12));

    assertThat(operator("PUT", "{\"privacy\": {\"spentEpsilon\": -1}}").statusCode())
        .isEqualTo(400);
  }
}
