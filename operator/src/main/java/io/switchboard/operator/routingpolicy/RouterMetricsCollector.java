package io.switchboard.operator.routingpolicy;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.switchboard.api.v1alpha1.routingpolicy.RoutingPolicy;
import io.switchboard.api.v1alpha1.routingpolicy.RoutingPolicyStatus.RoutingSummary;
import io.switchboard.operator.support.KubeNames;
import io.switchboard.operator.support.ReadyEndpoints;
import io.switchboard.operator.webhook.SidecarInjector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Reads each policy's routers' {@code /q/metrics} (gateway replicas from the gateway Service's
 * Endpoints, injected sidecars from the annotated pods) and turns the change since the previous
 * read into the status's live routing summary: decisions per expert, cost per 1,000 requests and
 * p95 latency over the window.
 *
 * <p>Previous reads live in memory: after an operator restart the first window is empty and the
 * summary resumes one interval later.
 */
public class RouterMetricsCollector {

  private static final Logger LOG = Logger.getLogger(RouterMetricsCollector.class);
  private static final Duration TIMEOUT = Duration.ofSeconds(2);
  private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
      new com.fasterxml.jackson.databind.ObjectMapper();

  private final KubernetesClient client;
  private final Clock clock;
  private final int gatewayPort;
  private final int sidecarPort;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
  private final Map<String, Reading> previous = new ConcurrentHashMap<>();

  record Reading(Instant at, RouterMetrics metrics) {}

  /** One router replica's counters for one policy, and the configuration it serves. */
  public record RouterReading(
      String address,
      double processStartSeconds,
      RouterMetrics metrics,
      RouterMetrics.ConfigState config) {}

  public RouterMetricsCollector(
      KubernetesClient client, Clock clock, int gatewayPort, int sidecarPort) {
    this.client = client;
    this.clock = clock;
    this.gatewayPort = gatewayPort;
    this.sidecarPort = sidecarPort;
  }

  /**
   * Reads every router of the policy that answers now; unreachable ones are skipped (logged at
   * debug).
   */
  public List<RouterReading> read(RoutingPolicy policy, boolean gateway) {
    List<URI> routers = routers(policy, gateway);
    List<RouterReading> readings = new ArrayList<>(routers.size());
    for (URI router : routers) {
      URI target = router.resolve("/q/metrics");
      try {
        HttpResponse<String> response =
            http.send(
                HttpRequest.newBuilder(target).timeout(TIMEOUT).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 200) {
          readings.add(
              new RouterReading(
                  target.getAuthority(),
                  RouterMetrics.processStartSeconds(response.body()),
                  RouterMetrics.empty().plus(response.body(), policy.getMetadata().getName()),
                  RouterMetrics.configState(response.body())));
        }
      } catch (java.io.IOException e) {
        LOG.debugf("router metrics unavailable at %s: %s", target, e.getMessage());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return readings;
      }
    }
    return readings;
  }

  /**
   * The summary of these readings since the previous ones, or empty when there are none or this is
   * the first read.
   */
  public Optional<RoutingSummary> summarize(RoutingPolicy policy, List<RouterReading> readings) {
    if (readings.isEmpty()) {
      return Optional.empty();
    }
    RouterMetrics total = RouterMetrics.empty();
    for (RouterReading reading : readings) {
      total = total.plus(reading.metrics());
    }
    String key = policy.getMetadata().getNamespace() + "/" + policy.getMetadata().getName();
    Reading now = new Reading(Instant.now(clock), total);
    Reading before = previous.put(key, now);
    if (before == null) {
      return Optional.empty();
    }
    return Optional.of(
        summary(
            now.metrics().since(before.metrics()),
            Duration.between(before.at(), now.at()).toSeconds()));
  }

  static RoutingSummary summary(RouterMetrics window, long seconds) {
    Map<String, Long> decisions = new java.util.TreeMap<>();
    window.decisions().forEach((expert, count) -> decisions.put(expert, Math.round(count)));
    Double costPer1k =
        window.requests() > 0 ? round(window.costUsd() / window.requests() * 1000) : null;
    Double p95 = window.p95Seconds();
    return new RoutingSummary(
        (int) Math.max(1, seconds),
        decisions,
        costPer1k,
        null,
        p95 == null ? null : round(p95 * 1000));
  }

  /**
   * Why a router refused its newest configuration: {@code lastReloadError} from its readiness
   * check, or empty when it does not say (unreachable, or the refusal has cleared since the metrics
   * were read).
   */
  public Optional<String> reloadError(String address) {
    URI target = URI.create("http://" + address + "/q/health/ready");
    try {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(target).timeout(TIMEOUT).GET().build(),
              HttpResponse.BodyHandlers.ofString());
      for (var check : JSON.readTree(response.body()).path("checks")) {
        String error = check.path("data").path("lastReloadError").asText("");
        if (!error.isEmpty()) {
          return Optional.of(error);
        }
      }
    } catch (java.io.IOException e) {
      LOG.debugf("router readiness unavailable at %s: %s", target, e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return Optional.empty();
  }

  public void forget(RoutingPolicy policy) {
    previous.remove(policy.getMetadata().getNamespace() + "/" + policy.getMetadata().getName());
  }

  /**
   * Base URLs ({@code http://ip:port}) of the policy's router replicas: gateway Endpoints or
   * injected pods.
   */
  public List<URI> routers(RoutingPolicy policy, boolean gateway) {
    return gateway ? gatewayTargets(policy) : sidecarTargets(policy);
  }

  private List<URI> gatewayTargets(RoutingPolicy policy) {
    return ReadyEndpoints.baseUrls(
        client
            .endpoints()
            .inNamespace(policy.getMetadata().getNamespace())
            .withName(KubeNames.gateway(policy.getMetadata().getName()))
            .get(),
        gatewayPort);
  }

  private List<URI> sidecarTargets(RoutingPolicy policy) {
    List<URI> targets = new ArrayList<>();
    for (Pod pod :
        client
            .pods()
            .inNamespace(policy.getMetadata().getNamespace())
            .withLabel(RouterWorkloads.POLICY_LABEL, policy.getMetadata().getName())
            .list()
            .getItems()) {
      var annotations = pod.getMetadata().getAnnotations();
      if (annotations != null
          && policy
              .getMetadata()
              .getName()
              .equals(annotations.get(SidecarInjector.INJECTED_ANNOTATION))
          && pod.getStatus() != null
          && pod.getStatus().getPodIP() != null) {
        targets.add(URI.create("http://" + pod.getStatus().getPodIP() + ":" + sidecarPort));
      }
    }
    return targets;
  }

  private static double round(double value) {
    return Math.round(value * 10000) / 10000.0;
  }
}
