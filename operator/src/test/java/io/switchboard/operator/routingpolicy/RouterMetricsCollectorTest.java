package io.switchboard.operator.routingpolicy;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.api.model.EndpointsBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.switchboard.api.v1alpha1.routingpolicy.RoutingPolicy;
import io.switchboard.api.v1alpha1.routingpolicy.RoutingPolicySpec;
import io.switchboard.operator.SpecEdits;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The background router reader: one read per router per round, a change reported once. */
@EnableKubernetesMockClient(crud = true)
class RouterMetricsCollectorTest {

  private static final String NS = "collector";

  KubernetesClient client;

  private HttpServer router;
  private HttpServer api;
  private final AtomicInteger reads = new AtomicInteger();
  private final AtomicReference<String> exposition = new AtomicReference<>();
  private final AtomicReference<Instant> now =
      new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));
  private final List<ResourceID> changed = new ArrayList<>();
  private RouterMetricsCollector collector;

  @BeforeEach
  void fakeRouterBehindTheGatewayEndpoints() throws Exception {
    router = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    router.createContext(
        "/q/metrics",
        exchange -> {
          reads.incrementAndGet();
          byte[] body = exposition.get().getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    router.start();
    // The API port answers no metrics (as the router's, which serves them on its management port
    // only): reading the gateway Service's Endpoints instead of the management Service's fails.
    api = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    api.createContext(
        "/",
        exchange -> {
          exchange.sendResponseHeaders(404, -1);
          exchange.close();
        });
    api.start();
    publish("chat-router", "http", api.getAddress().getPort());
    publish("chat-router-management", "router-mgmt", router.getAddress().getPort());
    Clock clock =
        new Clock() {
          @Override
          public Instant instant() {
            return now.get();
          }

          @Override
          public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
          }

          @Override
          public Clock withZone(java.time.ZoneId zone) {
            return this;
          }
        };
    collector =
        new RouterMetricsCollector(
            client, clock, new RouterPorts(8080, 9000), new RouterPorts(15080, 15090));
    collector.changes().subscribe(changed::add);
  }

  private void publish(String service, String portName, int port) {
    client
        .resource(
            new EndpointsBuilder()
                .withNewMetadata()
                .withName(service)
                .withNamespace(NS)
                .endMetadata()
                .addNewSubset()
                .addNewAddress()
                .withIp("127.0.0.1")
                .endAddress()
                .addNewPort()
                .withName(portName)
                .withPort(port)
                .endPort()
                .endSubset()
                .build())
        .create();
  }

  @AfterEach
  void stop() {
    api.stop(0);
    router.stop(0);
    collector.close();
  }

  @Test
  void readsEachRouterOncePerRoundAndReportsOnlyChanges() {
    RoutingPolicy policy = gatewayPolicy("chat");
    ResourceID id = ResourceID.fromResource(policy);
    collector.track(policy);
    assertThat(collector.latest(id)).isEqualTo(RouterReadings.NONE);

    exposition.set(RouterScrapeTest.exposition(10, 2, 12, 0.012, 12));
    collector.collectAll();
    assertThat(reads).hasValue(1);
    assertThat(changed).containsExactly(id);
    RouterReadings first = collector.latest(id);
    assertThat(first.replicas())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.address()).isEqualTo("127.0.0.1:" + router.getAddress().getPort());
              assertThat(r.metrics().requests()).isEqualTo(12.0);
              assertThat(r.reloadError()).isNull();
            });
    assertThat(first.summary()).as("no window before the second read").isNull();

    // Traffic: 20 small + 4 large decisions, 24 requests for $0.024 in 30 s.
    now.set(now.get().plusSeconds(30));
    exposition.set(RouterScrapeTest.exposition(30, 6, 36, 0.036, 36));
    collector.collectAll();
    assertThat(reads).hasValue(2);
    assertThat(changed).containsExactly(id, id);
    var summary = collector.latest(id).summary();
    assertThat(summary.windowSeconds()).isEqualTo(30);
    assertThat(summary.decisions()).containsEntry("small", 20L).containsEntry("large", 4L);
    assertThat(summary.costPer1kRequestsUsd()).isEqualTo(1.0);

    // Idle: the summary turns to an empty window once, then nothing changes and nothing is told.
    now.set(now.get().plusSeconds(30));
    collector.collectAll();
    assertThat(changed).hasSize(3);
    assertThat(collector.latest(id).summary().decisions()).containsEntry("small", 0L);
    now.set(now.get().plusSeconds(30));
    collector.collectAll();
    assertThat(reads).hasValue(4);
    assertThat(changed).hasSize(3);

    // A deleted policy is no longer read.
    collector.forget(id);
    collector.collectAll();
    assertThat(reads).hasValue(4);
    assertThat(collector.latest(id)).isEqualTo(RouterReadings.NONE);
  }

  @Test
  void aPolicyWithoutRoutersHasNoReadingsAndNothingToTell() {
    RoutingPolicy policy = gatewayPolicy("nobody");
    collector.track(policy);
    collector.collectAll();
    collector.collectAll();
    assertThat(collector.latest(ResourceID.fromResource(policy))).isEqualTo(RouterReadings.NONE);
    assertThat(changed).isEmpty();
    assertThat(reads).hasValue(0);
  }

  @Test
  void theBackgroundRoundRunsOnItsOwn() {
    exposition.set(RouterScrapeTest.exposition(1, 1, 2, 0.002, 2));
    collector.track(gatewayPolicy("chat"));
    collector.start(Duration.ofMillis(50));
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> reads.get() >= 2);
    assertThat(changed).isNotEmpty();
  }

  private static RoutingPolicy gatewayPolicy(String name) {
    RoutingPolicy policy = new RoutingPolicy();
    policy.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NS).build());
    policy.setSpec(SpecEdits.of(RoutingPolicySpec.class, Map.of()));
    return policy;
  }
}
