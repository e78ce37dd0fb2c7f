package io.switchboard.operator.routingpolicy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.api.v1alpha1.routingpolicy.RoutingMode;
import io.switchboard.api.v1alpha1.routingpolicy.RoutingPolicy;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Shares a bandit policy's learning among its router replicas every {@code
 * spec.bandit.stateSyncSeconds}: reads each replica's own state ({@code GET
 * /switchboard/learning/local}) and gives every replica the others' states ({@code PUT
 * /switchboard/learning/peers}), so each decides from all replicas' traffic. The routers keep their
 * own learning apart from peers' and replace the peers' part as a whole, so a repeated, partial or
 * late exchange never counts anything twice; the operator keeps no learned state. Replicas in
 * different model spaces (a config rollout in progress) only exchange with replicas of the same
 * space.
 *
 * <p>Runs in the background, once per interval over the policies the {@link RouterMetricsCollector}
 * tracks; no reconcile waits for it.
 */
public class LearningSync implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(LearningSync.class);
  private static final Duration TIMEOUT = Duration.ofSeconds(5);
  private static final ObjectMapper JSON = new ObjectMapper();
  static final int DEFAULT_SYNC_SECONDS = 30;

  private final RouterMetricsCollector routers;
  private final Clock clock;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
  private final Map<String, Instant> lastSync = new ConcurrentHashMap<>();
  private final RouterControlTokens tokens;
  private ScheduledExecutorService scheduler;

  /** What one exchange did: replicas read, and replicas that accepted their peers' states. */
  public record Outcome(int replicasRead, int replicasUpdated) {}

  public LearningSync(RouterMetricsCollector routers, Clock clock, RouterControlTokens tokens) {
    this.routers = routers;
    this.clock = clock;
    this.tokens = tokens;
  }

  /** Looks for exchanges due every {@code interval} from now on, on a thread of its own. */
  public synchronized void start(Duration interval) {
    if (scheduler == null) {
      scheduler =
          Executors.newSingleThreadScheduledExecutor(
              r -> {
                Thread thread = new Thread(r, "learning-sync");
                thread.setDaemon(true);
                return thread;
              });
      scheduler.scheduleWithFixedDelay(
          this::syncAllLogged, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  @Override
  public synchronized void close() {
    if (scheduler != null) {
      scheduler.shutdownNow();
      scheduler = null;
    }
  }

  private void syncAllLogged() {
    try {
      syncAll();
    } catch (RuntimeException e) {
      LOG.warnf(e, "exchanging learned state failed; next round in one interval");
    }
  }

  /** One round: every tracked policy whose exchange is due. */
  void syncAll() {
    for (RoutingPolicy policy : routers.tracked()) {
      maybeSync(policy)
          .ifPresent(
              outcome ->
                  LOG.debugf(
                      "policy %s: learned state exchanged among %d replica(s), %d updated",
                      policy.getMetadata().getName(),
                      outcome.replicasRead(),
                      outcome.replicasUpdated()));
    }
    Set<String> live =
        routers.tracked().stream().map(LearningSync::key).collect(Collectors.toSet());
    lastSync.keySet().retainAll(live);
  }

  /**
   * Runs an exchange when the policy learns, has replicas and its sync interval has passed; else
   * does nothing.
   */
  public Optional<Outcome> maybeSync(RoutingPolicy policy) {
    if (policy.getSpec().mode() != RoutingMode.BANDIT) {
      return Optional.empty();
    }
    String key = key(policy);
    Duration every = interval(policy);
    Instant now = Instant.now(clock);
    Instant last = lastSync.get(key);
    if (last != null && now.isBefore(last.plus(every))) {
      return Optional.empty();
    }
    Outcome outcome = exchange(policy);
    if (outcome.replicasRead() >= 2) {
      lastSync.put(
          key, now); // with fewer there was nothing to exchange: try again at the next round
    }
    return Optional.of(outcome);
  }

  /**
   * How often the policy's replicas exchange learned state: {@code spec.bandit.stateSyncSeconds}.
   */
  static Duration interval(RoutingPolicy policy) {
    Integer configured =
        policy.getSpec().bandit() == null ? null : policy.getSpec().bandit().stateSyncSeconds();
    return Duration.ofSeconds(configured == null ? DEFAULT_SYNC_SECONDS : configured);
  }

  private static String key(RoutingPolicy policy) {
    return policy.getMetadata().getNamespace() + "/" + policy.getMetadata().getName();
  }

  Outcome exchange(RoutingPolicy policy) {
    Optional<String> token = tokens.token(policy);
    Map<URI, Shared> states = new LinkedHashMap<>();
    for (URI router : routers.routers(policy)) {
      try {
        HttpResponse<String> response =
            http.send(
                authorized(
                        HttpRequest.newBuilder(router.resolve("/switchboard/learning/local")),
                        token)
                    .timeout(TIMEOUT)
                    .GET()
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 200) {
          JsonNode body = JSON.readTree(response.body());
          states.put(router, new Shared(body.path("fingerprint").asText(), body.path("state")));
        }
      } catch (IOException e) {
        LOG.debugf("learned state unavailable at %s: %s", router, e.getMessage());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return new Outcome(states.size(), 0);
      }
    }
    int updated = 0;
    if (states.size() < 2) {
      return new Outcome(states.size(), 0);
    }
    for (var target : states.entrySet()) {
      ObjectNode body = JSON.createObjectNode().put("fingerprint", target.getValue().fingerprint());
      ObjectNode peers = body.putObject("peers");
      states.forEach(
          (peer, shared) -> {
            if (!peer.equals(target.getKey())
                && shared.fingerprint().equals(target.getValue().fingerprint())) {
              peers.set(peer.getAuthority(), shared.state());
            }
          });
      try {
        HttpResponse<String> response =
            http.send(
                authorized(
                        HttpRequest.newBuilder(
                            target.getKey().resolve("/switchboard/learning/peers")),
                        token)
                    .timeout(TIMEOUT)
                    .header("content-type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString(body.toString()))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 204) {
          updated++;
        } else {
          LOG.infof(
              "router %s refused its peers' learned state: HTTP %d %s",
              target.getKey(), response.statusCode(), response.body());
        }
      } catch (IOException e) {
        LOG.debugf("cannot send learned state to %s: %s", target.getKey(), e.getMessage());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    return new Outcome(states.size(), updated);
  }

  private record Shared(String fingerprint, JsonNode state) {}

  private static HttpRequest.Builder authorized(
      HttpRequest.Builder request, Optional<String> token) {
    token.ifPresent(t -> request.header("authorization", "Bearer " + t));
    return request;
  }
}
