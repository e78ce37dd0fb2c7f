package io.switchboard.operator.expertpool;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.api.model.EndpointsBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The background engine reader: watched experts only, one window per round, changes told. */
@EnableKubernetesMockClient(crud = true)
class EngineMetricsTest {

  private static final String NS = "engines";
  private static final ResourceID POOL = new ResourceID("pool", NS);

  KubernetesClient client;

  private HttpServer engine;
  private final AtomicInteger reads = new AtomicInteger();
  private final AtomicReference<String> exposition = new AtomicReference<>();
  private final List<ResourceID> changed = new ArrayList<>();
  private EngineMetrics engines;

  @BeforeEach
  void fakeEngineBehindTheExpertsEndpoints() throws Exception {
    engine = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    engine.createContext(
        "/metrics",
        exchange -> {
          reads.incrementAndGet();
          byte[] body = exposition.get().getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    engine.start();
    client
        .resource(
            new EndpointsBuilder()
                .withNewMetadata()
                .withName("pool-llama")
                .withNamespace(NS)
                .endMetadata()
                .addNewSubset()
                .addNewAddress()
                .withIp("127.0.0.1")
                .endAddress()
                .addNewPort()
                .withPort(engine.getAddress().getPort())
                .endPort()
                .endSubset()
                .build())
        .create();
    engines = new EngineMetrics(client);
    engines.changes().subscribe(changed::add);
  }

  @AfterEach
  void stop() {
    engine.stop(0);
    engines.close();
  }

  @Test
  void readsWatchedExpertsInTheBackgroundAndTellsTheirPoolWhatChanged() {
    engines.collectAll();
    assertThat(reads).as("nothing watched yet").hasValue(0);

    engines.watch(POOL, Set.of("pool-llama"));
    exposition.set(SloAutoscalerTest.vllm(100, 100, 3, 0.4));
    engines.collectAll();
    assertThat(reads).hasValue(1);
    assertThat(changed).containsExactly(POOL);
    var first = engines.latest(NS, "pool-llama").orElseThrow();
    assertThat(first.observation().ttftP95Ms()).as("first read: no window yet").isNull();
    assertThat(first.observation().waitingPerReplica()).isEqualTo(3.0);

    exposition.set(SloAutoscalerTest.vllm(100, 300, 5, 0.6));
    engines.collectAll();
    var second = engines.latest(NS, "pool-llama").orElseThrow();
    assertThat(second.round()).isGreaterThan(first.round());
    assertThat(second.observation().ttftP95Ms()).isGreaterThan(1000);
    assertThat(changed).hasSize(2);

    // No traffic: the idle window differs once, then a new round with the same numbers tells no
    // one (but is a new window).
    engines.collectAll();
    engines.collectAll();
    assertThat(changed).hasSize(3);
    assertThat(engines.latest(NS, "pool-llama").orElseThrow().round())
        .isGreaterThan(second.round() + 1);

    engines.forgetPool(POOL);
    engines.collectAll();
    assertThat(reads).hasValue(4);
    assertThat(engines.latest(NS, "pool-llama")).isEmpty();
  }
}
