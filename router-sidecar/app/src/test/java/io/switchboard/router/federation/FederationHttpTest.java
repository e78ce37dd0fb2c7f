package io.switchboard.router.federation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.router.RouterTestResource;
import io.switchboard.router.TestConfigs;
import io.switchboard.router.core.strategy.federated.ArmAggregate;
import io.switchboard.router.core.strategy.federated.FederatedBandit;
import io.switchboard.router.core.strategy.federated.FederatedRound;
import io.switchboard.router.runtime.RouterStateManager;
import jakarta.inject.Inject;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The router against a fake peer router over real HTTP on loopback: it publishes noised rounds at
 * the aggregate path, pulls and merges the peer's round (once, however often it is fetched), counts
 * an unreachable peer, and offloads to the peer's pool when its only local expert is at its
 * connection limit.
 */
@QuarkusTest
@QuarkusTestResource(value = RouterTestResource.class, restrictToAnnotatedClass = true)
class FederationHttpTest {

  @ConfigProperty(name = "quarkus.http.test-port")
  int port;

  /** Health and metrics: the management interface, a port of its own. */
  @ConfigProperty(name = "quarkus.management.test-port")
  int managementPort;

  @Inject RouterStateManager states;
  @Inject FederationLoop loop;
  @Inject ActiveFederation active;

  private final HttpClient http = HttpClient.newHttpClient();
  private final ObjectMapper json = new ObjectMapper();
  private FakePeerRouter peer;
  private String deadPeer;
  private Path stateDir;

  @BeforeEach
  void start() throws Exception {
    peer = new FakePeerRouter();
    try (ServerSocket socket = new ServerSocket(0)) {
      deadPeer =
          "http://127.0.0.1:" + socket.getLocalPort(); // closed again: connections are refused
    }
    stateDir = Files.createTempDirectory("switchboard-federation-test");
  }

  @AfterEach
  void restore() throws Exception {
    useConfig(TestConfigs.weighted(RouterTestResource.experts), "weighted");
    peer.close();
  }

  private String config(String localExperts, String extraExperts, boolean offload) {
    return config("\"" + peer.url() + "\"", localExperts, extraExperts, offload, "");
  }

  /**
   * {@code firstPeer}: the fake peer's entry in federated.peers (a URL string or an object); the
   * dead peer follows.
   */
  private String config(
      String firstPeer,
      String localExperts,
      String extraExperts,
      boolean offload,
      String rootExtra) {
    String mock = RouterTestResource.experts.url("");
    return """
                {"apiVersion": "switchboard.io/router-config/v1",
                 "policy": {"name": "fed", "namespace": "ns", "virtualModel": "fed", "mode": "federated",
                   "timeouts": {"connectMs": 500, "firstByteMs": 5000, "totalMs": 8000},
                   "params": {"bandit": {"contextDims": 2, "stateFile": "%s"},
                              "federated": {"peers": [%s, "%s"], "epsilonPerRound": 0.5, "totalEpsilon": 1.0,
                                            "roundSeconds": 3600, "offloadWhenSaturated": %s}}},
                 "experts": [%s%s]%s}
                """
        .formatted(
            stateDir.resolve("bandit.json"),
            firstPeer,
            deadPeer,
            offload,
            localExperts.replace("MOCK/", mock),
            extraExperts,
            rootExtra);
  }

  private void useConfig(String config, String mode) throws InterruptedException {
    RouterTestResource.writeConfig(config);
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (System.nanoTime() < deadline
        && (states.current() == null || !mode.equals(states.current().strategy().type()))) {
      Thread.sleep(20);
    }
    assertThat(states.current().strategy().type()).isEqualTo(mode);
  }

  private HttpResponse<String> chat() throws Exception {
    return chat(null);
  }

  private HttpResponse<String> chat(String apiKey) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/chat/completions"))
            .timeout(Duration.ofSeconds(10))
            .header("content-type", "application/json")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    "{\"model\":\"fed\",\"messages\":[{\"role\":\"user\",\"content\":\"2+2?\"}]}"));
    if (apiKey != null) {
      request.header("authorization", "Bearer " + apiKey);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> metrics() throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + "/q/metrics"))
            .timeout(Duration.ofSeconds(10))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(String path) throws Exception {
    return get(path, null);
  }

  private HttpResponse<String> get(String path, String apiKey) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(10));
    if (apiKey != null) {
      request.header("authorization", "Bearer " + apiKey);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private void feedback(String requestId, String apiKey) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/feedback"))
            .header("content-type", "application/json")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    "{\"request_id\":\"" + requestId + "\",\"score\":0.9}"));
    if (apiKey != null) {
      request.header("authorization", "Bearer " + apiKey);
    }
    assertThat(http.send(request.build(), HttpResponse.BodyHandlers.ofString()).statusCode())
        .isLessThan(300);
  }

  /**
   * Waits until the loop has picked up a federation other than {@code previous} (a reload builds a
   * new one).
   */
  private FederatedBandit federationOtherThan(Object previous) throws InterruptedException {
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (System.nanoTime() < deadline
        && (active.current().isEmpty() || active.current().get() == previous)) {
      Thread.sleep(20);
    }
    return (FederatedBandit) active.current().filter(f -> f != previous).orElseThrow();
  }

  private static void await(java.util.function.BooleanSupplier condition, String what)
      throws InterruptedException {
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (System.nanoTime() < deadline && !condition.getAsBoolean()) {
      Thread.sleep(20);
    }
    assertThat(condition.getAsBoolean()).as(what).isTrue();
  }

  private void round() throws Exception {
    loop.runRound().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
  }

  @Test
  void publishesNoisedRoundsAndMergesThePeersOnce() throws Exception {
    useConfig(
        config(
            """
                {"name": "fast", "model": "fast-model", "endpoint": "MOCK/fast"},
                {"name": "fast2", "model": "fast2-model", "endpoint": "MOCK/fast2"}""",
            "",
            false),
        "federated");
    assertThat(get(FederationRoutes.AGGREGATE_PATH).statusCode()).isEqualTo(404);
    // The loop runs a first round as soon as it sees the new federation: nothing to publish, the
    // peer has no round.
    FederatedBandit federation = (FederatedBandit) active.current().orElseThrow();
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (System.nanoTime() < deadline
        && (federation.peerErrors(deadPeer) < 1 || peer.aggregateRequests.get() < 1)) {
      Thread.sleep(20);
    }
    assertThat(peer.aggregateRequests.get()).isEqualTo(1);
    assertThat(federation.peerErrors(peer.url()))
        .as("a peer without a round yet is no error")
        .isZero();
    assertThat(federation.roundsPublished()).isZero();

    for (int i = 0; i < 6; i++) {
      HttpResponse<String> r = chat();
      assertThat(r.statusCode()).isEqualTo(200);
      String id = r.headers().firstValue("x-request-id").orElseThrow();
      HttpResponse<String> feedback =
          http.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/feedback"))
                  .header("content-type", "application/json")
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          "{\"request_id\":\"" + id + "\",\"score\":0.9}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(feedback.statusCode()).isLessThan(300);
    }
    round();

    HttpResponse<String> served = get(FederationRoutes.AGGREGATE_PATH);
    assertThat(served.statusCode()).isEqualTo(200);
    FederatedRound mine = json.readValue(served.body(), FederatedRound.class);
    assertThat(mine.policy()).isEqualTo("fed");
    assertThat(mine.round()).isEqualTo(1);
    assertThat(mine.epsilonSpent()).isCloseTo(0.5, within(1e-12));
    assertThat(mine.model().arms()).containsExactly("fast", "fast2");
    assertThat(mine.arms()).containsOnlyKeys("fast", "fast2");
    assertThat(mine.sigma()).isGreaterThan(10); // ε = 0.5: σ ≈ 19.4 per coordinate
    assertThat(peer.aggregateRequests.get()).isEqualTo(2);

    // The peer publishes a round of the same model: merged once, however often it is fetched.
    int d = mine.model().dimension();
    double[] a = new double[d * d];
    for (int i = 0; i < d; i++) {
      a[i * d + i] = 50;
    }
    Map<String, ArmAggregate> arms = new LinkedHashMap<>();
    arms.put("fast", new ArmAggregate(a, new double[d], 100, 40));
    peer.round.set(
        json.writeValueAsString(
            new FederatedRound("fed-eu", mine.model(), 1, 0.5, 0.5, 1e-5, 19.4, arms)));
    long localPulls = federation.localSnapshot().arms().get("fast").pulls();
    round();
    round();
    assertThat(peer.aggregateRequests.get()).isEqualTo(4);
    assertThat(federation.roundsMerged(peer.url())).isEqualTo(1);
    assertThat(federation.servedSnapshot().arms().get("fast").pulls()).isEqualTo(localPulls + 100);
    assertThat(federation.peerErrors(deadPeer)).isEqualTo(4);

    String metrics = metrics().body();
    assertThat(metrics)
        .containsPattern(
            "switchboard_router_federated_rounds_merged_total\\{[^}]*peer=\""
                + peer.url()
                + "\"[^}]*} 1\\.0");
    assertThat(metrics)
        .containsPattern(
            "switchboard_router_federated_peer_errors_total\\{[^}]*peer=\""
                + deadPeer
                + "\"[^}]*reason=\"fetch\"[^}]*} 4\\.0");
    assertThat(metrics)
        .containsPattern(
            "switchboard_router_federated_epsilon_remaining\\{[^}]*policy=\"fed\"[^}]*} 0\\.5");
    assertThat(metrics)
        .containsPattern("switchboard_router_federated_rounds_published_total\\{[^}]*} 1\\.0");
  }

  /**
   * Loads the offloading config (one local expert, "slow", with one connection; the peer's pool
   * "peer-eu") and occupies the local expert with a request that takes 2 s; returns that request.
   */
  private CompletableFuture<HttpResponse<String>> saturateTheLocalExpert() throws Exception {
    String peerPool =
        ",{\"name\": \"peer-eu\", \"model\": \"fed\", \"endpoint\": \"" + peer.url() + "\"}";
    useConfig(
        config(
            "{\"name\": \"slow\", \"model\": \"slow-model\", \"endpoint\": \"MOCK/slow\", \"maxConnections\": 1}",
            peerPool,
            true),
        "federated");
    CompletableFuture<HttpResponse<String>> first =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return chat();
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    long deadline =
        System.nanoTime() + 15_000_000_000L; // the first request loads the embedding model
    while (System.nanoTime() < deadline && states.current().experts().get("slow").inFlight() < 1) {
      Thread.sleep(10);
    }
    return first;
  }

  @Test
  void offloadsToThePeerPoolWhenTheLocalExpertIsSaturated() throws Exception {
    CompletableFuture<HttpResponse<String>> first = saturateTheLocalExpert();
    HttpResponse<String> second = chat();
    assertThat(second.statusCode()).isEqualTo(200);
    assertThat(second.headers().firstValue("x-switchboard-expert")).contains("peer-eu");
    assertThat(second.headers().firstValue("x-switchboard-decision"))
        .hasValueSatisfying(v -> assertThat(v).contains("offload"));
    assertThat(second.body()).contains("from the peer cluster");
    assertThat(peer.chatRequests.get()).isEqualTo(1);
    assertThat(peer.lastOffloadedFrom.get())
        .isEqualTo("ns/fed"); // the peer must not offload it again
    assertThat(first.get(10, TimeUnit.SECONDS).headers().firstValue("x-switchboard-expert"))
        .contains("slow");
  }

  @Test
  void aRequestAPeerOffloadedToUsIsNeverOffloadedAgain() throws Exception {
    CompletableFuture<HttpResponse<String>> first = saturateTheLocalExpert();

    HttpResponse<String> offloadedToUs =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/chat/completions"))
                .timeout(Duration.ofSeconds(10))
                .header("content-type", "application/json")
                .header("x-switchboard-offloaded", "other-ns/other-policy")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"model\":\"fed\",\"messages\":[{\"role\":\"user\",\"content\":\"2+2?\"}]}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());

    // Only local experts are candidates for it: served by the saturated local expert or refused,
    // never bounced on.
    assertThat(offloadedToUs.headers().firstValue("x-switchboard-expert").orElse("none"))
        .isNotEqualTo("peer-eu");
    assertThat(peer.chatRequests.get()).isZero();
    first.get(10, TimeUnit.SECONDS);
  }

  @Test
  void sendsThePeersKeyFromItsKeyFileAndRereadsTheFileWhenItChanges() throws Exception {
    peer.requiredKey.set("key-issued-by-the-peer");
    String local = "{\"name\": \"fast\", \"model\": \"fast-model\", \"endpoint\": \"MOCK/fast\"}";

    // A plain URL string (no key file): the peer refuses, counted as reason "unauthorized", not as
    // "fetch".
    useConfig(config("\"" + peer.url() + "\"", local, "", false, ""), "federated");
    FederatedBandit withoutKey = (FederatedBandit) active.current().orElseThrow();
    await(
        () -> withoutKey.peerKeyRefusals(peer.url()) >= 1,
        "the peer refused the fetch without a key");
    assertThat(peer.lastAggregateAuthorization.get()).isNull();
    assertThat(withoutKey.peerErrors(peer.url())).isZero();
    assertThat(metrics().body())
        .containsPattern(
            "switchboard_router_federated_peer_errors_total\\{[^}]*peer=\""
                + peer.url()
                + "\"[^}]*reason=\"unauthorized\"[^}]*} [1-9]");

    // The object form with the key file: the fetch carries the key and succeeds (no round yet: 404,
    // no error).
    Path keyFile = stateDir.resolve("peer-key");
    Files.writeString(keyFile, "key-issued-by-the-peer\n");
    useConfig(
        config(
            "{\"url\": \"" + peer.url() + "\", \"apiKeyFile\": \"" + keyFile + "\"}",
            local,
            "",
            false,
            ""),
        "federated");
    FederatedBandit withKey = federationOtherThan(withoutKey);
    int before = peer.aggregateRequests.get();
    round();
    assertThat(peer.aggregateRequests.get()).isGreaterThan(before);
    assertThat(peer.lastAggregateAuthorization.get()).isEqualTo("Bearer key-issued-by-the-peer");
    assertThat(withKey.peerKeyRefusals(peer.url())).isZero();
    assertThat(withKey.peerErrors(peer.url())).isZero();

    // The Secret is updated (a revoked key here): the file is re-read and the new key sent, which
    // the peer refuses.
    Files.writeString(keyFile, "revoked-key\n");
    FederatedBandit rotated = federationOtherThan(withKey);
    round();
    assertThat(peer.lastAggregateAuthorization.get()).isEqualTo("Bearer revoked-key");
    assertThat(rotated.peerKeyRefusals(peer.url())).isGreaterThanOrEqualTo(1);
    assertThat(metrics().body())
        .doesNotContain("revoked-key")
        .doesNotContain("key-issued-by-the-peer");
    assertThat(states.current().toString()).doesNotContain("revoked-key");
  }

  @Test
  void theAggregateNeedsATenantKeyWhenTenantsAreRequired() throws Exception {
    Path keys = stateDir.resolve("tenants");
    Files.writeString(keys, "# peers are tenants\ncluster-eu=sk-eu\n");
    useConfig(
        config(
            "\"" + peer.url() + "\"",
            "{\"name\": \"fast\", \"model\": \"fast-model\", \"endpoint\": \"MOCK/fast\"}",
            "",
            false,
            ", \"tenants\": {\"apiKeysFile\": \"" + keys + "\", \"required\": true}"),
        "federated");

    for (String refused : new String[] {null, "sk-unknown"}) {
      HttpResponse<String> r = get(FederationRoutes.AGGREGATE_PATH, refused);
      assertThat(r.statusCode()).isEqualTo(401);
      assertThat(json.readTree(r.body()).path("error").path("code").asText())
          .isEqualTo("invalid_api_key");
      assertThat(json.readTree(r.body()).path("error").path("type").asText())
          .isEqualTo("invalid_request_error");
    }
    assertThat(get(FederationRoutes.AGGREGATE_PATH, "sk-eu").statusCode())
        .as("known key, no round yet")
        .isEqualTo(404);

    for (int i = 0; i < 3; i++) {
      HttpResponse<String> r = chat("sk-eu");
      assertThat(r.statusCode()).isEqualTo(200);
      feedback(r.headers().firstValue("x-request-id").orElseThrow(), "sk-eu");
    }
    round();
    HttpResponse<String> served = get(FederationRoutes.AGGREGATE_PATH, "sk-eu");
    assertThat(served.statusCode()).isEqualTo(200);
    assertThat(json.readValue(served.body(), FederatedRound.class).policy()).isEqualTo("fed");
    assertThat(get(FederationRoutes.AGGREGATE_PATH).statusCode())
        .as("a published round is no reason to open up")
        .isEqualTo(401);
  }
}
