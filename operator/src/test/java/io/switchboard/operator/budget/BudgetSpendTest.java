package io.switchboard.operator.budget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.api.model.EndpointsBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.switchboard.api.v1alpha1.budget.Budget;
import io.switchboard.api.v1alpha1.budget.BudgetSpec;
import io.switchboard.api.v1alpha1.budget.Enforcement;
import io.switchboard.api.v1alpha1.budget.Limits;
import io.switchboard.api.v1alpha1.budget.SloTargets;
import io.switchboard.api.v1alpha1.expertpool.ExpertPool;
import io.switchboard.api.v1alpha1.routingpolicy.RoutingPolicy;
import io.switchboard.operator.CrdInstaller;
import io.switchboard.operator.PolicyFiles;
import io.switchboard.operator.routingpolicy.RouterWorkloads;
import io.switchboard.router.config.RouterConfigCodec;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Budget spend read from the covered policy's routers, against the Fabric8 mock API server in CRUD
 * mode.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
class BudgetSpendTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  @Inject KubernetesClient client;

  @BeforeEach
  void installCrds() {
    CrdInstaller.install(client);
  }

  @Test
  void spendFromTheRoutersFillsTheBudgetUntilItIsExceeded() throws Exception {
    String ns = "budget-spend";
    // A gateway router that started after the budget (so all of its spend counts) and spends $0.40
    // per read.
    AtomicInteger reads = new AtomicInteger();
    HttpServer router =
        fakeRouter(
            System.currentTimeMillis() / 1000.0 + 5,
            reads,
            n ->
                """
        # TYPE switchboard_router_cost_usd_total counter
        switchboard_router_cost_usd_total{expert="gpt-4o",policy="chat-weighted",tenant="anonymous"} %s
        switchboard_router_cost_usd_total{expert="gpt-4o",policy="someone-else",tenant="anonymous"} 1000.0
        # TYPE switchboard_router_tokens_total counter
        switchboard_router_tokens_total{expert="gpt-4o",policy="chat-weighted",type="prompt-upstream"} %s
        """
                    .formatted(0.4 * n, 1000 * n));
    try {
      Budget budget = new Budget();
      budget.setMetadata(new ObjectMetaBuilder().withName("team").build());
      budget.setSpec(
          new BudgetSpec(
              BudgetSpec.Period.DAY,
              new Limits(1.0, null),
              null,
              null,
              new Enforcement(Enforcement.Action.REJECT, 100, null),
              new LabelSelectorBuilder().addToMatchLabels("team", "search").build()));
      create(ns, budget);
      create(ns, PolicyFiles.read("pools/hybrid-pool.yaml", ExpertPool.class));
      RoutingPolicy policy = PolicyFiles.read("routing/weighted.yaml", RoutingPolicy.class);
      policy.getMetadata().setLabels(java.util.Map.of("team", "search"));
      create(ns, policy);
      create(ns, routerEndpoints("chat-weighted-router", router));
      create(ns, routerEndpoints("chat-weighted-router-management", router));

      await()
          .atMost(TIMEOUT)
          .untilAsserted(
              () -> {
                Budget current =
                    client.resources(Budget.class).inNamespace(ns).withName("team").get();
                assertThat(current.getStatus()).isNotNull();
                assertThat(current.getStatus().getCoveredPolicies())
                    .containsExactly("chat-weighted");
                assertThat(current.getStatus().getSpentUsd()).isGreaterThan(0);
                assertThat(current.getStatus().getSpentTokens()).isGreaterThan(0);
                // the other policy's $1000 is not this budget's, per tenant as in total
                assertThat(current.getStatus().getSpentUsdByTenant())
                    .containsOnlyKeys("anonymous")
                    .allSatisfy((tenant, usd) -> assertThat(usd).isGreaterThan(0).isLessThan(10));
                assertThat(current.getStatus().getRouterUsage())
                    .containsOnlyKeys("chat-weighted@127.0.0.1:" + router.getAddress().getPort());
              });
      // Each read adds $0.40 and 1,000 tokens: after three reads the $1 limit is reached and the
      // policy rejects.
      await()
          .atMost(TIMEOUT)
          .untilAsserted(
              () -> {
                Budget current =
                    client.resources(Budget.class).inNamespace(ns).withName("team").get();
                assertThat(current.getStatus().isTrue("Exceeded")).isTrue();
                assertThat(current.getStatus().getEnforcementLevel()).isEqualTo("reject");
              });
      // Nothing counted twice or lost: the status total equals the router's own counter at the last
      // read.
      Budget later = client.resources(Budget.class).inNamespace(ns).withName("team").get();
      var mark = later.getStatus().getRouterUsage().values().iterator().next();
      assertThat(later.getStatus().getSpentUsdUnrounded())
          .isCloseTo(mark.costUsd(), org.assertj.core.api.Assertions.within(1e-9));
      assertThat(later.getStatus().getSpentUsd())
          .isCloseTo(mark.costUsd(), org.assertj.core.api.Assertions.within(5e-7));
      assertThat(later.getStatus().getSpentTokens()).isEqualTo(mark.tokens());
    } finally {
      router.stop(0);
    }
  }

  @Test
  void theSloIsHeldAgainstTheRoutersLastWindowAndItsLatencyTargetReachesTheRouters()
      throws Exception {
    String ns = "budget-slo";
    // Every read adds 10 requests, all slower than 1 s (in the 2.5 s bucket), and 10 quality
    // grades of 0.9.
    AtomicInteger reads = new AtomicInteger();
    HttpServer router =
        fakeRouter(
            System.currentTimeMillis() / 1000.0,
            reads,
            n ->
                """
        # TYPE switchboard_router_request_duration_seconds histogram
        switchboard_router_request_duration_seconds_bucket{policy="chat-weighted",le="0.5"} 0
        switchboard_router_request_duration_seconds_bucket{policy="chat-weighted",le="1.0"} 0
        switchboard_router_request_duration_seconds_bucket{policy="chat-weighted",le="2.5"} %d
        switchboard_router_request_duration_seconds_bucket{policy="chat-weighted",le="+Inf"} %d
        switchboard_router_request_duration_seconds_count{policy="chat-weighted"} %d
        # TYPE switchboard_router_quality_grade summary
        switchboard_router_quality_grade_count{policy="chat-weighted",expert="gpt-4o",source="feedback"} %d
        switchboard_router_quality_grade_sum{policy="chat-weighted",expert="gpt-4o",source="feedback"} %s
        """
                    .formatted(10 * n, 10 * n, 10 * n, 10 * n, 9.0 * n));
    try {
      Budget budget = new Budget();
      budget.setMetadata(new ObjectMetaBuilder().withName("fast").build());
      budget.setSpec(
          new BudgetSpec(
              BudgetSpec.Period.DAY,
              new Limits(100.0, null),
              new SloTargets(500, 0.8),
              null,
              null,
              new LabelSelectorBuilder().addToMatchLabels("team", "search").build()));
      create(ns, budget);
      create(ns, PolicyFiles.read("pools/hybrid-pool.yaml", ExpertPool.class));
      RoutingPolicy policy = PolicyFiles.read("routing/weighted.yaml", RoutingPolicy.class);
      policy.getMetadata().setLabels(java.util.Map.of("team", "search"));
      create(ns, policy);
      create(ns, routerEndpoints("chat-weighted-router", router));
      create(ns, routerEndpoints("chat-weighted-router-management", router));

      await()
          .atMost(TIMEOUT)
          .untilAsserted(
              () -> {
                Budget current =
                    client.resources(Budget.class).inNamespace(ns).withName("fast").get();
                var slo = current.getStatus().condition("SloMet").orElseThrow();
                assertThat(slo.getStatus()).isEqualTo("False");
                assertThat(slo.getReason()).isEqualTo("SloBreached");
                // The quality target is kept (0.9 ≥ 0.8); only latency breaks.
                assertThat(slo.getMessage())
                    .isEqualTo("chat-weighted: p95 latency 2500 ms > 500 ms");
              });
      var config =
          new RouterConfigCodec()
              .parse(
                  client
                      .configMaps()
                      .inNamespace(ns)
                      .withName("chat-weighted-router-config")
                      .get()
                      .getData()
                      .get(RouterWorkloads.CONFIG_KEY));
      assertThat(config.budget().p95LatencyMs()).isEqualTo(500);
    } finally {
      router.stop(0);
    }
  }

  /**
   * A router's /q/metrics: its start time (spend before a Budget's period start is not counted) and
   * what {@code exposition} gives for the n-th read.
   */
  private static HttpServer fakeRouter(
      double startedAt, AtomicInteger reads, IntFunction<String> exposition) throws Exception {
    HttpServer router =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    router.createContext(
        "/q/metrics",
        exchange -> {
          int n = reads.incrementAndGet();
          byte[] body =
              ("# TYPE process_start_time_seconds gauge\nprocess_start_time_seconds "
                      + startedAt
                      + "\n"
                      + exposition.apply(n))
                  .getBytes();
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    router.start();
    return router;
  }

  /** The gateway's (API) or management Service's Endpoints: the fake router serves both. */
  private static io.fabric8.kubernetes.api.model.Endpoints routerEndpoints(
      String service, HttpServer router) {
    return new EndpointsBuilder()
        .withNewMetadata()
        .withName(service)
        .endMetadata()
        .addNewSubset()
        .addNewAddress()
        .withIp("127.0.0.1")
        .endAddress()
        .addNewPort()
        .withName("http")
        .withPort(router.getAddress().getPort())
        .endPort()
        .endSubset()
        .build();
  }

  private void create(String ns, HasMetadata resource) {
    resource.getMetadata().setNamespace(ns);
    client.resource(resource).create();
  }
}
