package io.switchboard.operator.routingpolicy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.switchboard.api.v1alpha1.routingpolicy.RoutingPolicy;
import io.switchboard.api.v1alpha1.routingpolicy.RoutingPolicyStatus.RoutingSummary;
import io.switchboard.operator.support.ChangeFeed;
import io.switchboard.operator.support.KubeNames;
import io.switchboard.operator.support.ReadyEndpoints;
import io.switchboard.operator.webhook.SidecarInjector;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * Reads every tracked policy's routers' {@code /q/metrics} (on their management port) once per
 * interval, in the background (gateway replicas from the management Service's Endpoints, injected
 * sidecars from the annotated pods), and keeps the result per policy as {@link RouterReadings}: the
 * replicas' counters and the live routing summary of the window since the previous read (decisions
 * per expert, cost per 1,000 requests, p95 latency). When a policy's readings change, {@link
 * #changes()} says so, and the RoutingPolicy and Budget controllers reconcile through their event
 * sources: no reconciler talks to a router.
 *
 * <p>Policies are tracked by the RoutingPolicy reconciler and forgotten when deleted. Previous
 * reads live in memory: after an operator restart the first window is empty and the summary resumes
 * one interval later.
 */
public class RouterMetricsCollector implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(RouterMetricsCollector.class);
  private static final Duration TIMEOUT = Duration.ofSeconds(2);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final KubernetesClient client;
  private final Clock clock;
  private final RouterPorts gatewayPorts;
  private final RouterPorts sidecarPorts;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
  private final Map<ResourceID, RoutingPolicy> tracked = new ConcurrentHashMap<>();
  private final Map<ResourceID, RouterReadings> latest = new ConcurrentHashMap<>();
  private final Map<ResourceID, Totals> previous = new ConcurrentHashMap<>();
  private final ChangeFeed changes = new ChangeFeed();
  private ScheduledExecutorService scheduler;

  private record Totals(Instant at, RouterScrape metrics) {}

  /**
   * @param gatewayPorts the gateway routers' ports: the API port where the gateway Endpoints list
   *     none, the management port where the management Service's list none
   * @param sidecarPorts the injected sidecars' ports, read at each pod's IP
   */
  public RouterMetricsCollector(
      KubernetesClient client, Clock clock, RouterPorts gatewayPorts, RouterPorts sidecarPorts) {
    this.client = client;
    this.clock = clock;
    this.gatewayPorts = gatewayPorts;
    this.sidecarPorts = sidecarPorts;
  }

  /** Reads every {@code interval} from now on, on a thread of its own. */
  public synchronized void start(Duration interval) {
    if (scheduler == null) {
      scheduler =
          Executors.newSingleThreadScheduledExecutor(
              r -> {
                Thread thread = new Thread(r, "router-metrics");
                thread.setDaemon(true);
                return thread;
              });
      long millis = interval.toMillis();
      scheduler.scheduleWithFixedDelay(this::collectAllLogged, 0, millis, TimeUnit.MILLISECONDS);
    }
  }

  @Override
  public synchronized void close() {
    if (scheduler != null) {
      scheduler.shutdownNow();
      scheduler = null;
    }
  }

  /** Read this policy's routers from the next round on (with its current spec: gateway or not). */
  public void track(RoutingPolicy policy) {
    tracked.put(ResourceID.fromResource(policy), policy);
  }

  public void forget(ResourceID policy) {
    tracked.remove(policy);
    latest.remove(policy);
    previous.remove(policy);
  }

  /** The tracked policy of this id, if any. */
  public Optional<RoutingPolicy> policy(ResourceID policy) {
    return Optional.ofNullable(tracked.get(policy));
  }

  public List<RoutingPolicy> tracked() {
    return List.copyOf(tracked.values());
  }

  /** The last readings of the policy's routers; {@link RouterReadings#NONE} before the first. */
  public RouterReadings latest(ResourceID policy) {
    return latest.getOrDefault(policy, RouterReadings.NONE);
  }

  /** Told the id of each policy whose readings changed. */
  public ChangeFeed changes() {
    return changes;
  }

  private void collectAllLogged() {
    try {
      collectAll();
    } catch (RuntimeException e) {
      LOG.warnf(e, "reading the routers' metrics failed; next round in one interval");
    }
  }

  /** One round: every tracked policy's routers, each read once. */
  void collectAll() {
    Targets targets = new Targets();
    for (RoutingPolicy policy : tracked()) {
      ResourceID id = ResourceID.fromResource(policy);
      RouterReadings readings = collect(policy, targets.management(policy));
      RouterReadings before = latest.put(id, readings);
      // A policy without routers has nothing to tell, on the first round too.
      if (tracked.containsKey(id)
          && !readings.equals(before == null ? RouterReadings.NONE : before)) {
        changes.changed(id);
      }
    }
  }

  /** Reads each replica's management port: metrics, and readiness when it refused a reload. */
  private RouterReadings collect(RoutingPolicy policy, List<URI> routers) {
    List<RouterReadings.Replica> replicas = new ArrayList<>(routers.size());
    for (URI router : routers) {
      URI target = router.resolve("/q/metrics");
      Optional<String> body = get(target);
      if (body.isEmpty()) {
        continue;
      }
      RouterScrape.ConfigState config = RouterScrape.configState(body.get());
      replicas.add(
          new RouterReadings.Replica(
              target.getAuthority(),
              RouterScrape.processStartSeconds(body.get()),
              RouterScrape.empty().plus(body.get(), policy.getMetadata().getName()),
              config,
              config.refused() ? reloadError(router).orElse(null) : null));
    }
    return new RouterReadings(replicas, summarize(ResourceID.fromResource(policy), replicas));
  }

  /** The summary since the previous read, or null when there is none or no replica answered. */
  private RoutingSummary summarize(ResourceID policy, List<RouterReadings.Replica> replicas) {
    if (replicas.isEmpty()) {
      return null;
    }
    RouterScrape total = RouterScrape.empty();
    for (RouterReadings.Replica replica : replicas) {
      total = total.plus(replica.metrics());
    }
    Totals now = new Totals(Instant.now(clock), total);
    Totals before = previous.put(policy, now);
    if (before == null) {
      return null;
    }
    Double qualityTarget =
        replicas.stream()
            .map(r -> r.config() == null ? null : r.config().qualityTarget())
            .filter(Objects::nonNull)
            .findFirst()
            .orElse(null);
    return summary(
        now.metrics().since(before.metrics()),
        Duration.between(before.at(), now.at()).toSeconds(),
        now.metrics().gradesSince(before.metrics()),
        qualityTarget);
  }

  /**
   * @param grades the window's quality grades (feedback, judge), null when there were none
   * @param qualityTarget the target the routers' configuration resolved, null without one
   */
  static RoutingSummary summary(
      RouterScrape window, long seconds, ShadowCounters.Grades grades, Double qualityTarget) {
    Map<String, Long> decisions = new TreeMap<>();
    window.decisions().forEach((expert, count) -> decisions.put(expert, Math.round(count)));
    Double costPer1k =
        window.requests() > 0 ? round(window.costUsd() / window.requests() * 1000) : null;
    Double p95 = window.p95Seconds();
    return new RoutingSummary(
        (int) Math.max(1, seconds),
        decisions,
        costPer1k,
        grades == null ? null : round(grades.sum() / grades.count()),
        grades == null ? null : Math.round(grades.count()),
        p95 == null ? null : round(p95 * 1000),
        qualityTarget == null ? null : round(qualityTarget));
  }

  /**
   * Why a router refused its newest configuration: {@code lastReloadError} from its readiness
   * check, or empty when it does not say.
   */
  private Optional<String> reloadError(URI router) {
    Optional<String> body = get(router.resolve("/q/health/ready"));
    if (body.isEmpty()) {
      return Optional.empty();
    }
    try {
      for (var check : JSON.readTree(body.get()).path("checks")) {
        String error = check.path("data").path("lastReloadError").asText("");
        if (!error.isEmpty()) {
          return Optional.of(error);
        }
      }
    } catch (IOException e) {
      LOG.debugf("router readiness unreadable at %s: %s", router, e.getMessage());
    }
    return Optional.empty();
  }

  /** The body of a 200 answer; empty when the router is unreachable or answers otherwise. */
  private Optional<String> get(URI target) {
    try {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(target).timeout(TIMEOUT).GET().build(),
              HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 200 ? Optional.of(response.body()) : Optional.empty();
    } catch (IOException e) {
      LOG.debugf("router unavailable at %s: %s", target, e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return Optional.empty();
  }

  /**
   * Base URLs ({@code http://ip:port}) of the policy's router replicas: gateway Endpoints or
   * injected pods. Read from the API server by the background round (and the learning exchange),
   * never by a reconcile.
   */
  public List<URI> routers(RoutingPolicy policy) {
    return routersOfOneRound().apply(policy);
  }

  /**
   * {@link #routers} for a round over many policies: each namespace's Endpoints and injected pods
   * are listed once, on first use, not once per policy.
   */
  public Function<RoutingPolicy, List<URI>> routersOfOneRound() {
    return new Targets()::api;
  }

  /** Base URLs of the ready gateway replicas in a gateway Service's Endpoints. */
  List<URI> gatewayRouters(Endpoints gateway) {
    return ReadyEndpoints.baseUrls(gateway, gatewayPorts.api());
  }

  /** The API base URL of the router injected into {@code pod} for {@code policy}, if it is one. */
  Optional<URI> sidecarRouter(RoutingPolicy policy, Pod pod) {
    return sidecarRouter(policy, pod, sidecarPorts.api());
  }

  private static Optional<URI> sidecarRouter(RoutingPolicy policy, Pod pod, int port) {
    String name = policy.getMetadata().getName();
    var labels = pod.getMetadata().getLabels();
    var annotations = pod.getMetadata().getAnnotations();
    if (labels != null
        && name.equals(labels.get(RouterWorkloads.POLICY_LABEL))
        && annotations != null
        && name.equals(annotations.get(SidecarInjector.INJECTED_ANNOTATION))
        && pod.getStatus() != null
        && pod.getStatus().getPodIP() != null) {
      return Optional.of(URI.create("http://" + pod.getStatus().getPodIP() + ":" + port));
    }
    return Optional.empty();
  }

  /**
   * Router addresses of one round: the Endpoints and injected pods of a namespace are listed once
   * per round, not once per policy. The API port (control endpoints) comes from the gateway
   * Service's Endpoints, the management port (health, metrics) from the management Service's: the
   * gateway Service does not expose it.
   */
  private final class Targets {
    private final Map<String, Map<String, Endpoints>> endpoints = new HashMap<>();
    private final Map<String, List<Pod>> pods = new HashMap<>();

    List<URI> api(RoutingPolicy policy) {
      return of(policy, KubeNames.gateway(policy.getMetadata().getName()), false);
    }

    List<URI> management(RoutingPolicy policy) {
      return of(policy, KubeNames.gatewayManagement(policy.getMetadata().getName()), true);
    }

    private List<URI> of(RoutingPolicy policy, String service, boolean management) {
      String namespace = policy.getMetadata().getNamespace();
      if (RoutingPolicyReconciler.isGateway(policy)) {
        Endpoints gateway = endpoints.computeIfAbsent(namespace, this::listEndpoints).get(service);
        return gateway == null
            ? List.of()
            : ReadyEndpoints.baseUrls(
                gateway, management ? gatewayPorts.management() : gatewayPorts.api());
      }
      int sidecarPort = management ? sidecarPorts.management() : sidecarPorts.api();
      List<URI> targets = new ArrayList<>();
      for (Pod pod : pods.computeIfAbsent(namespace, this::listInjectedPods)) {
        sidecarRouter(policy, pod, sidecarPort).ifPresent(targets::add);
      }
      return targets;
    }

    private Map<String, Endpoints> listEndpoints(String namespace) {
      Map<String, Endpoints> byName = new HashMap<>();
      for (Endpoints e : client.endpoints().inNamespace(namespace).list().getItems()) {
        byName.put(e.getMetadata().getName(), e);
      }
      return byName;
    }

    private List<Pod> listInjectedPods(String namespace) {
      return client
          .pods()
          .inNamespace(namespace)
          .withLabel(RouterWorkloads.POLICY_LABEL)
          .list()
          .getItems();
    }
  }

  private static double round(double value) {
    return Math.round(value * 10000) / 10000.0;
  }
}
