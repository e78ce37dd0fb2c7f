package io.switchboard.operator.routingpolicy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.EndpointsBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.switchboard.api.v1alpha1.budget.BudgetStatus.RouterUsageMark;
import io.switchboard.api.v1alpha1.routingpolicy.RoutingPolicy;
import io.switchboard.api.v1alpha1.routingpolicy.RoutingPolicySpec;
import io.switchboard.operator.SpecEdits;
import io.switchboard.operator.budget.SpendAccounting;
import io.switchboard.operator.webhook.SidecarInjector;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator's durable copy of its routers' state against the mock API server (CRUD): what a
 * replica reports is stored before it is acknowledged, the epsilon ledger never goes backwards, a
 * departed replica's state reaches exactly one new replica once, and the Budget counts no dollar of
 * it twice.
 */
@EnableKubernetesMockClient(crud = true)
class RouterStateKeeperTest {

  private static final String NS = "state";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration HANDOFF_AFTER = Duration.ofMinutes(2);

  KubernetesClient client;

  @TempDir Path dir;

  private final AtomicReference<Instant> now =
      new AtomicReference<>(Instant.parse("2026-03-15T12:00:00Z"));
  private final List<FakeRouter> started = new ArrayList<>();
  private RouterStateKeeper keeper;
  private RouterMetricsCollector collector;
  private RoutingPolicy policy;
  private String token;

  /** A router's state exchange as the router app implements it, in memory. */
  private final class FakeRouter {
    final String instance;
    final HttpServer server;
    final Set<String> applied = new HashSet<>();
    final List<JsonNode> puts = new ArrayList<>();
    boolean loaded;
    boolean loseNextAnswer;
    Runnable onGet = () -> {};
    double tenantUsd;
    long pulls;
    double spentEpsilon;
    long rounds;

    FakeRouter(String instance, boolean loaded) throws IOException {
      this.instance = instance;
      this.loaded = loaded;
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      server.createContext(RouterStateKeeper.STATE_PATH, this::handle);
      server.start();
      started.add(this);
    }

    private synchronized void handle(HttpExchange exchange) throws IOException {
      if (!("Bearer " + token).equals(exchange.getRequestHeaders().getFirst("authorization"))) {
        reply(exchange, 401, "{}");
        return;
      }
      if (exchange.getRequestMethod().equals("GET")) {
        onGet.run();
        ObjectNode report = JSON.createObjectNode().put("instance", instance);
        report.put("loaded", loaded).put("month", "2026-03");
        applied.forEach(report.putArray("appliedHandoffs")::add);
        report.putObject("tenantMonthUsd").put("acme", tenantUsd);
        ObjectNode learning = report.putObject("learning").put("modelSpace", "linucb/2");
        learning.putObject("state").put("pulls", pulls);
        report.putObject("privacy").put("spentEpsilon", spentEpsilon).put("rounds", rounds);
        reply(exchange, 200, report.toString());
        return;
      }
      JsonNode body = JSON.readTree(exchange.getRequestBody());
      puts.add(body);
      String id = body.path("id").asText("");
      if (!id.isEmpty() && applied.add(id)) {
        tenantUsd += body.path("tenantMonthUsd").path("acme").asDouble();
        for (JsonNode l : body.path("learning")) {
          pulls += l.path("state").path("pulls").asLong();
        }
      }
      JsonNode privacy = body.path("privacy");
      if (privacy.isObject()) {
        spentEpsilon = Math.max(spentEpsilon, privacy.path("spentEpsilon").asDouble());
        rounds = Math.max(rounds, privacy.path("rounds").asLong());
      }
      loaded = true;
      if (loseNextAnswer) {
        loseNextAnswer = false;
        reply(exchange, 503, "{}");
        return;
      }
      reply(exchange, 204, null);
    }

    private void reply(HttpExchange exchange, int status, String body) throws IOException {
      byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(status, body == null ? -1 : bytes.length);
      if (body != null) {
        exchange.getResponseBody().write(bytes);
      }
      exchange.close();
    }

    int port() {
      return server.getAddress().getPort();
    }

    List<JsonNode> handoffsReceived() {
      return puts.stream().filter(p -> p.has("id")).toList();
    }
  }

  @BeforeEach
  void keeper() throws Exception {
    Path key = Files.writeString(dir.resolve("key"), "k".repeat(40));
    RouterControlTokens tokens = new RouterControlTokens(Optional.of(key));
    Clock clock =
        new Clock() {
          @Override
          public Instant instant() {
            return now.get();
          }

          @Override
          public ZoneId getZone() {
            return ZoneOffset.UTC;
          }

          @Override
          public Clock withZone(ZoneId zone) {
            return this;
          }
        };
    collector =
        new RouterMetricsCollector(
            client, clock, new RouterPorts(8080, 9000), new RouterPorts(15080, 15090));
    keeper = new RouterStateKeeper(client, collector, tokens, clock, HANDOFF_AFTER);
    policy = new RoutingPolicy();
    policy.setMetadata(
        new ObjectMetaBuilder().withName("chat").withNamespace(NS).withUid("uid-chat").build());
    policy.setSpec(SpecEdits.of(RoutingPolicySpec.class, Map.of()));
    token = tokens.token(policy).orElseThrow();
  }

  @AfterEach
  void stop() {
    started.forEach(r -> r.server.stop(0));
  }

  /** The gateway Service's Endpoints list exactly these routers (ready). */
  private void endpoints(FakeRouter... routers) {
    var subset = new EndpointsBuilder().withNewMetadata().withName("chat-router");
    var builder = subset.withNamespace(NS).endMetadata();
    for (FakeRouter router : routers) {
      builder
          .addNewSubset()
          .addNewAddress()
          .withIp("127.0.0.1")
          .endAddress()
          .addNewPort()
          .withName("http")
          .withPort(router.port())
          .endPort()
          .endSubset();
    }
    client.resource(builder.build()).createOr(op -> op.update());
  }

  private List<ConfigMap> stored() {
    return client
        .configMaps()
        .inNamespace(NS)
        .withLabel(RouterStateKeeper.STATE_LABEL, "chat")
        .list()
        .getItems();
  }

  private JsonNode storedOf(String instance) throws Exception {
    for (ConfigMap cm : stored()) {
      JsonNode doc = JSON.readTree(cm.getData().get(RouterStateKeeper.DATA_KEY));
      if (instance.equals(doc.path("instance").asText())) {
        return doc;
      }
    }
    return null;
  }

  @Test
  void storesEachReplicaOwnedByThePolicyBeforeAcknowledgingAndNeverLowersTheLedger()
      throws Exception {
    FakeRouter router = new FakeRouter("a", false);
    router.tenantUsd = 2.0;
    router.pulls = 6;
    router.spentEpsilon = 0.5;
    router.rounds = 1;
    endpoints(router);

    RouterStateKeeper.Outcome outcome = keeper.keep(policy);
    assertThat(outcome.replicasStored()).isEqualTo(1);
    assertThat(outcome.acknowledged()).isEqualTo(1);
    ConfigMap cm = stored().get(0);
    assertThat(cm.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(o -> assertThat(o.getUid()).isEqualTo("uid-chat"));
    assertThat(cm.getMetadata().getLabels()).doesNotContainKey(RouterWorkloads.POLICY_LABEL);
    JsonNode doc = storedOf("a");
    assertThat(doc.path("state").path("tenantMonthUsd").path("acme").asDouble()).isEqualTo(2.0);
    assertThat(doc.path("state").path("learning").path("state").path("pulls").asLong())
        .isEqualTo(6);
    assertThat(doc.path("state").path("privacy").path("spentEpsilon").asDouble()).isEqualTo(0.5);
    assertThat(router.loaded).isTrue();
    assertThat(router.puts.get(0).path("privacy").path("spentEpsilon").asDouble())
        .as("the ack names the epsilon stored")
        .isEqualTo(0.5);

    // A report below the stored ledger (a router whose files were lost) does not lower it; the
    // router is raised back to it.
    router.spentEpsilon = 0.0;
    router.rounds = 0;
    keeper.keep(policy);
    assertThat(storedOf("a").path("state").path("privacy").path("spentEpsilon").asDouble())
        .isEqualTo(0.5);
    assertThat(router.spentEpsilon).isEqualTo(0.5);
    assertThat(router.rounds).isEqualTo(1);
  }

  @Test
  void aDepartedReplicasStateReachesOneNewReplicaExactlyOnce() throws Exception {
    FakeRouter old = new FakeRouter("old", true);
    old.tenantUsd = 3.0;
    old.pulls = 40;
    old.spentEpsilon = 1.5;
    old.rounds = 3;
    endpoints(old);
    keeper.keep(policy);

    // The pod is rescheduled: a new replica starts empty, awaiting its hand-back.
    FakeRouter replacement = new FakeRouter("new", false);
    endpoints(replacement);
    now.set(now.get().plusSeconds(10));
    RouterStateKeeper.Outcome early = keeper.keep(policy);
    assertThat(early.handoffsSent()).as("not departed before the grace period").isZero();
    assertThat(replacement.loaded).as("but the ledger is handed back at once").isTrue();
    assertThat(replacement.spentEpsilon).isEqualTo(1.5);
    assertThat(replacement.rounds).isEqualTo(3);
    assertThat(replacement.pulls).isZero();

    now.set(now.get().plus(HANDOFF_AFTER));
    RouterStateKeeper.Outcome handoff = keeper.keep(policy);
    assertThat(handoff.handoffsSent()).isEqualTo(1);
    assertThat(storedOf("old").path("handoffTo").asText())
        .as("the target is recorded before the hand-off is sent")
        .isEqualTo("new");
    assertThat(replacement.tenantUsd).isEqualTo(3.0);
    assertThat(replacement.pulls).isEqualTo(40);

    // The next round sees the hand-off applied: the departed copy goes, nothing is sent again.
    now.set(now.get().plusSeconds(10));
    RouterStateKeeper.Outcome confirmed = keeper.keep(policy);
    assertThat(confirmed.handoffsDone()).isEqualTo(1);
    assertThat(confirmed.handoffsSent()).isZero();
    assertThat(storedOf("old")).isNull();
    for (int i = 0; i < 3; i++) {
      now.set(now.get().plusSeconds(10));
      keeper.keep(policy);
    }
    assertThat(replacement.handoffsReceived()).hasSize(1);
    assertThat(replacement.tenantUsd).isEqualTo(3.0);
    assertThat(replacement.pulls).isEqualTo(40);
    assertThat(storedOf("new").path("state").path("privacy").path("spentEpsilon").asDouble())
        .as("the ledger survived the replacement")
        .isEqualTo(1.5);
    assertThat(stored()).hasSize(1);
  }

  @Test
  void aHandOffWhoseAnswerWasLostIsResentWithTheSameIdAndAdoptedOnce() throws Exception {
    FakeRouter old = new FakeRouter("old", true);
    old.tenantUsd = 1.0;
    old.pulls = 7;
    endpoints(old);
    keeper.keep(policy);
    FakeRouter replacement = new FakeRouter("new", false);
    endpoints(replacement);
    now.set(now.get().plus(HANDOFF_AFTER).plusSeconds(1));
    keeper.keep(policy);
    // The router adopts the hand-off but its answer is lost: the operator does not know.
    replacement.puts.clear();
    FakeRouter target = replacement;
    target.applied.clear();
    target.tenantUsd = 0;
    target.pulls = 0;
    target.loseNextAnswer = true;
    // Undo the first adoption so that this round's delivery is the first one the router applies.
    ObjectNode pending = (ObjectNode) storedOf("old");
    assertThat(pending.path("handoffTo").asText()).isEqualTo("new");
    now.set(now.get().plusSeconds(10));
    keeper.keep(policy); // GET shows nothing applied: resent, applied, answer lost
    assertThat(target.handoffsReceived()).hasSize(1);
    assertThat(storedOf("old")).as("not confirmed yet").isNotNull();
    now.set(now.get().plusSeconds(10));
    keeper.keep(policy); // GET shows it applied: confirmed, not sent again
    assertThat(target.handoffsReceived()).hasSize(1);
    assertThat(storedOf("old")).isNull();
    assertThat(target.tenantUsd).isEqualTo(1.0);
    assertThat(target.pulls).isEqualTo(7);
  }

  @Test
  void aConcurrentWriterEndsTheRoundBeforeAnyAcknowledgement() throws Exception {
    FakeRouter router = new FakeRouter("a", true);
    router.spentEpsilon = 1.0;
    router.rounds = 2;
    endpoints(router);
    keeper.keep(policy);
    int acks = router.puts.size();

    // Another writer (a second operator replica) updates the ConfigMap after this round listed
    // it: the conditional write fails, and the router is not told its epsilon is stored.
    router.spentEpsilon = 1.5;
    router.rounds = 3;
    router.onGet =
        () ->
            client
                .configMaps()
                .inNamespace(NS)
                .withName(stored().get(0).getMetadata().getName())
                .edit(
                    cm -> {
                      cm.getData().put("concurrent", "write");
                      return cm;
                    });
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> keeper.keep(policy))
        .isInstanceOf(io.fabric8.kubernetes.client.KubernetesClientException.class);
    assertThat(router.puts).hasSize(acks);
    assertThat(stored().get(0).getData()).containsKey("concurrent");

    router.onGet = () -> {};
    keeper.keep(policy);
    assertThat(router.puts).hasSize(acks + 1);
    assertThat(storedOf("a").path("state").path("privacy").path("spentEpsilon").asDouble())
        .isEqualTo(1.5);
  }

  @Test
  void theBudgetCountsAReplacedReplicasSpendOnce() {
    // The old replica's last reading is the Budget's watermark ($3 read); the replacement adopted
    // that $3 into its monthly cap only: its cost counter starts at zero and counts its own calls.
    Instant tracked = now.get().minusSeconds(3600);
    Map<String, RouterUsageMark> marks =
        Map.of(
            "chat@10.0.0.1:8080",
            new RouterUsageMark(
                (double) tracked.plusSeconds(60).getEpochSecond(),
                3.0,
                300L,
                now.get().toString()));
    SpendAccounting.Result result =
        SpendAccounting.account(
            marks,
            tracked,
            Map.of(
                "chat@10.0.0.2:8080",
                new SpendAccounting.Reading(now.get().getEpochSecond() - 5, 0.25, 25)),
            now.get(),
            Duration.ofHours(1));
    assertThat(result.costUsd()).isCloseTo(0.25, within(1e-12));
    assertThat(result.marks()).containsKey("chat@10.0.0.1:8080");
  }

  @Test
  void withoutAControlKeyNothingIsReadOrStored() throws Exception {
    FakeRouter router = new FakeRouter("a", false);
    endpoints(router);
    RouterStateKeeper open =
        new RouterStateKeeper(
            client,
            new RouterMetricsCollector(
                client,
                Clock.systemUTC(),
                new RouterPorts(8080, 9000),
                new RouterPorts(15080, 15090)),
            RouterControlTokens.none(),
            Clock.systemUTC(),
            HANDOFF_AFTER);
    assertThat(open.keep(policy).replicasStored()).isZero();
    assertThat(stored()).isEmpty();
    assertThat(router.loaded).isFalse();
  }

  @Test
  void aLeavingReplicaIsReadUntilItStopsAnsweringAndItsLastStateIsStored() throws Exception {
    collector.track(policy);
    FakeRouter router = new FakeRouter("a", true);
    router.tenantUsd = 1.0;
    router.pulls = 4;
    endpoints(router);
    keeper.keep(policy);
    assertThat(storedOf("a").path("state").path("tenantMonthUsd").path("acme").asDouble())
        .isEqualTo(1.0);

    // It is leaving (out of the Endpoints) and still serves during its shutdown delay: what it
    // records now is in no round, since rounds read only ready replicas.
    endpoints();
    AtomicInteger reads = new AtomicInteger();
    router.onGet =
        () -> {
          if (reads.incrementAndGet() == 2) {
            router.tenantUsd = 2.5;
            router.pulls = 9;
          }
          if (reads.get() == 4) {
            router.server.stop(0); // the HTTP server closes after the delay
          }
        };
    long started = System.nanoTime();
    int stored =
        keeper.keepLeaving(
            policy,
            URI.create("http://127.0.0.1:" + router.port()),
            Duration.ofMillis(20),
            Duration.ofSeconds(20));
    assertThat(Duration.ofNanos(System.nanoTime() - started))
        .as("returns once the router stops answering")
        .isLessThan(Duration.ofSeconds(10));
    assertThat(stored).as("the changed report is stored once more").isEqualTo(2);
    JsonNode last = storedOf("a");
    assertThat(last.path("state").path("tenantMonthUsd").path("acme").asDouble()).isEqualTo(2.5);
    assertThat(last.path("state").path("learning").path("state").path("pulls").asLong())
        .isEqualTo(9);
    assertThat(keeper.keep(policy).replicasStored()).as("no ready replica is left").isZero();

    // A deleted policy's leaving routers are not read: their state goes with the policy.
    FakeRouter other = new FakeRouter("b", true);
    collector.forget(ResourceID.fromResource(policy));
    assertThat(
            keeper.keepLeaving(
                policy,
                URI.create("http://127.0.0.1:" + other.port()),
                Duration.ofMillis(20),
                Duration.ofSeconds(5)))
        .isZero();
    assertThat(storedOf("b")).isNull();
    assertThat(storedOf("a").path("state").path("tenantMonthUsd").path("acme").asDouble())
        .as("kept for the hand-off")
        .isEqualTo(2.5);
  }

  @Test
  void aGatewayAddressLeavingItsEndpointsAndAnInjectedPodBeingDeletedAreNoticed() throws Exception {
    collector.track(policy);
    List<URI> leaving = new java.util.concurrent.CopyOnWriteArrayList<>();
    DepartingRouters departing = new DepartingRouters(collector, (p, uri) -> leaving.add(uri));
    labelledEndpoints(List.of("10.0.0.1", "10.0.0.2"));
    departing.start(client, List.of(NS));
    try {
      labelledEndpoints(List.of("10.0.0.2"));
      org.awaitility.Awaitility.await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () -> assertThat(leaving).containsExactly(URI.create("http://10.0.0.1:8080")));
    } finally {
      departing.close();
    }

    // A sidecar policy's injected pod: noticed when its deletionTimestamp is set, once.
    RoutingPolicy sidecar = new RoutingPolicy();
    sidecar.setMetadata(new ObjectMetaBuilder().withName("side").withNamespace(NS).build());
    sidecar.setSpec(
        SpecEdits.of(RoutingPolicySpec.class, Map.of("router", Map.of("type", "sidecar"))));
    collector.track(sidecar);
    leaving.clear();
    DepartingRouters pods = new DepartingRouters(collector, (p, uri) -> leaving.add(uri));
    Pod running =
        new PodBuilder()
            .withNewMetadata()
            .withName("app-1")
            .withNamespace(NS)
            .addToLabels(RouterWorkloads.POLICY_LABEL, "side")
            .addToAnnotations(SidecarInjector.INJECTED_ANNOTATION, "side")
            .endMetadata()
            .withNewStatus()
            .withPodIP("10.0.1.7")
            .endStatus()
            .build();
    Pod terminating =
        new PodBuilder(running)
            .editMetadata()
            .withDeletionTimestamp("2026-03-15T12:00:00Z")
            .endMetadata()
            .build();
    pods.podChanged(running, running);
    assertThat(leaving).isEmpty();
    pods.podChanged(running, terminating);
    pods.podChanged(terminating, terminating);
    assertThat(leaving).containsExactly(URI.create("http://10.0.1.7:15080"));
  }

  /** The gateway Endpoints as the endpoints controller writes them: the Service's labels. */
  private void labelledEndpoints(List<String> ips) {
    var builder =
        new EndpointsBuilder()
            .withNewMetadata()
            .withName("chat-router")
            .withNamespace(NS)
            .addToLabels(RouterWorkloads.POLICY_LABEL, "chat")
            .endMetadata()
            .addNewSubset()
            .addNewPort()
            .withName("http")
            .withPort(8080)
            .endPort();
    for (String ip : ips) {
      builder.addNewAddress().withIp(ip).endAddress();
    }
    client.resource(builder.endSubset().build()).createOr(op -> op.update());
  }
}
