package io.switchboard.operator.routingpolicy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.switchboard.api.v1alpha1.routingpolicy.RoutingPolicy;
import io.switchboard.operator.support.KubeNames;
import io.switchboard.operator.support.Owners;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * Keeps every router replica's durable state out of its pod (see {@code docs/durable-state.md}):
 * once per interval, in the background, it reads each replica's state ({@code GET
 * /switchboard/state}: tenants' month-to-date spend, learned statistics, the federated epsilon
 * ledger), stores it in a ConfigMap per replica owned by the policy, and only then answers each
 * replica ({@code PUT /switchboard/state}) with the policy's durable epsilon ledger, which is what
 * lets a federated router serve the round it charged (write-ahead) and what a new replica loads
 * before it shares anything.
 *
 * <p>A replica not seen for {@code handoffAfter} has departed (pod deleted, rescheduled, scaled
 * down): its state is handed to one live replica, preferably a new one, exactly once. The target is
 * recorded in the departed replica's ConfigMap before the hand-off is sent; the hand-off carries
 * the departed replica's id, which the router adopts once however often it arrives and then lists
 * in its {@code appliedHandoffs}; only then is the departed replica's ConfigMap deleted. Spend
 * handed back only feeds the router's per-tenant monthly cap, never its cost counters, so the
 * Budget, which counts a replica's counters against the watermark in its status, counts no dollar
 * twice.
 *
 * <p>The ledger never goes backwards: a replica's stored epsilon is the largest it ever reported,
 * and the policy's ledger, the largest of all of them, is what every replica is raised to.
 */
public class RouterStateKeeper implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(RouterStateKeeper.class);
  private static final Duration TIMEOUT = Duration.ofSeconds(5);
  private static final ObjectMapper JSON = new ObjectMapper();
  static final String STATE_PATH = "/switchboard/state";

  /** Label of the state ConfigMaps (not the policy label, so no reconcile watches them). */
  public static final String STATE_LABEL = "switchboard.io/router-state";

  static final String DATA_KEY = "state.json";

  /**
   * How often a leaving replica is read: a request it finished less than this before its HTTP
   * server closed is the most a graceful shutdown can lose (see docs/durable-state.md).
   */
  static final Duration LEAVING_READ_EVERY = Duration.ofMillis(250);

  /** Bounds the final reads: the router's shutdown delay (5 s) and in-flight wait (30 s) fit. */
  static final Duration LEAVING_READ_AT_MOST = Duration.ofSeconds(45);

  private final KubernetesClient client;
  private final RouterMetricsCollector routers;
  private final RouterControlTokens tokens;
  private final Clock clock;
  private final Duration handoffAfter;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
  private final Set<String> warnedWithoutToken = ConcurrentHashMap.newKeySet();
  private final List<String> watchNamespaces;
  private final Set<URI> leaving = ConcurrentHashMap.newKeySet();
  private ScheduledExecutorService scheduler;
  private ExecutorService finalReads;
  private DepartingRouters departing;

  /**
   * What one round did for a policy: replicas read and stored, departed replicas whose state was
   * sent to a live one, hand-offs confirmed (their ConfigMap deleted), replicas that took the
   * ledger.
   */
  public record Outcome(int replicasStored, int handoffsSent, int handoffsDone, int acknowledged) {}

  private record Reported(URI router, ObjectNode report) {
    String instance() {
      return report.path("instance").asText();
    }

    boolean applied(String handoff) {
      for (JsonNode id : report.path("appliedHandoffs")) {
        if (handoff.equals(id.asText())) {
          return true;
        }
      }
      return false;
    }
  }

  private record Ledger(double spentEpsilon, long rounds) {
    static final Ledger NONE = new Ledger(-1, -1);

    static Ledger of(JsonNode privacy) {
      if (!privacy.isObject()) {
        return NONE;
      }
      return new Ledger(
          privacy.path("spentEpsilon").asDouble(-1), privacy.path("rounds").asLong(-1));
    }

    Ledger max(Ledger other) {
      return new Ledger(Math.max(spentEpsilon, other.spentEpsilon), Math.max(rounds, other.rounds));
    }

    boolean present() {
      return spentEpsilon >= 0 && rounds >= 0;
    }

    ObjectNode json() {
      return JSON.createObjectNode().put("spentEpsilon", spentEpsilon).put("rounds", rounds);
    }
  }

  public RouterStateKeeper(
      KubernetesClient client,
      RouterMetricsCollector routers,
      RouterControlTokens tokens,
      Clock clock,
      Duration handoffAfter) {
    this(client, routers, tokens, clock, handoffAfter, List.of());
  }

  /**
   * @param watchNamespaces where leaving replicas are watched for; empty means all namespaces
   */
  public RouterStateKeeper(
      KubernetesClient client,
      RouterMetricsCollector routers,
      RouterControlTokens tokens,
      Clock clock,
      Duration handoffAfter,
      List<String> watchNamespaces) {
    this.client = client;
    this.routers = routers;
    this.tokens = tokens;
    this.clock = clock;
    this.handoffAfter = handoffAfter;
    this.watchNamespaces = List.copyOf(watchNamespaces);
  }

  /** Keeps every tracked policy's state every {@code interval} from now on, on its own thread. */
  public synchronized void start(Duration interval) {
    if (scheduler == null) {
      scheduler =
          Executors.newSingleThreadScheduledExecutor(
              r -> {
                Thread thread = new Thread(r, "router-state");
                thread.setDaemon(true);
                return thread;
              });
      scheduler.scheduleWithFixedDelay(
          this::keepAllLogged, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
      // A replica that shuts down gracefully is read until it stops answering, not only at the
      // next round: what it recorded since the last round would otherwise be lost with it.
      finalReads =
          Executors.newCachedThreadPool(
              r -> {
                Thread thread = new Thread(r, "router-state-final");
                thread.setDaemon(true);
                return thread;
              });
      departing = new DepartingRouters(routers, this::readWhileLeaving);
      departing.start(client, watchNamespaces);
    }
  }

  @Override
  public synchronized void close() {
    if (departing != null) {
      departing.close();
      departing = null;
    }
    if (finalReads != null) {
      finalReads.shutdownNow();
      finalReads = null;
    }
    if (scheduler != null) {
      scheduler.shutdownNow();
      scheduler = null;
    }
  }

  /** Starts the final reads of a leaving replica, once per address at a time. */
  private synchronized void readWhileLeaving(RoutingPolicy policy, URI router) {
    if (finalReads == null || !leaving.add(router)) {
      return;
    }
    finalReads.execute(
        () -> {
          try {
            keepLeaving(policy, router, LEAVING_READ_EVERY, LEAVING_READ_AT_MOST);
          } catch (RuntimeException e) {
            LOG.warnf(e, "final reads of router %s failed", router.getAuthority());
          } finally {
            leaving.remove(router); // a later pod may get the same address
          }
        });
  }

  /**
   * Reads a leaving replica's state every {@code every} and stores each change, until it stops
   * answering (its HTTP server refuses new requests once its shutdown delay is over) or for {@code
   * atMost}. Its last answer is what it recorded up to then; after {@code handoffAfter} it is
   * handed on like any departed replica's.
   *
   * @return the reads stored
   */
  public int keepLeaving(RoutingPolicy policy, URI router, Duration every, Duration atMost) {
    Optional<String> token = tokens.token(policy);
    if (token.isEmpty()) {
      return 0;
    }
    long end = System.nanoTime() + atMost.toNanos();
    int stored = 0;
    String last = null;
    ResourceID id = ResourceID.fromResource(policy);
    // A deleted policy's routers leave with it: nothing to keep (its state ConfigMaps go too).
    while (routers.policy(id).isPresent()) {
      Optional<Reported> reported = read(router, token.get()).filter(r -> !r.instance().isEmpty());
      if (reported.isEmpty()) {
        break;
      }
      String report = reported.get().report().toString();
      if (!report.equals(last)) {
        try {
          storeLeaving(policy, reported.get());
          stored++;
          last = report;
        } catch (KubernetesClientException e) {
          // A round wrote it meanwhile (409): read again and store on the next pass.
          LOG.debugf("storing leaving router %s: %s", router.getAuthority(), e.getMessage());
        }
      }
      if (System.nanoTime() - end > 0) {
        break;
      }
      try {
        Thread.sleep(every.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    LOG.infof(
        "router replica %s of policy %s/%s stopped answering; its state was stored %d time(s)"
            + " while it left",
        router.getAuthority(),
        policy.getMetadata().getNamespace(),
        policy.getMetadata().getName(),
        stored);
    return stored;
  }

  /** Stores one report of a leaving replica over its current copy (conditional on its version). */
  private void storeLeaving(RoutingPolicy policy, Reported reported) {
    String cmName = KubeNames.routerState(policy.getMetadata().getName(), reported.instance());
    ConfigMap existing =
        client.configMaps().inNamespace(policy.getMetadata().getNamespace()).withName(cmName).get();
    ObjectNode before = existing == null ? null : parse(existing).orElse(null);
    Map<String, String> versions = new LinkedHashMap<>();
    if (existing != null) {
      versions.put(cmName, existing.getMetadata().getResourceVersion());
    }
    ObjectNode doc = document(reported, before, clock.instant());
    if (before != null && before.has("handoffTo")) {
      doc.set("handoffTo", before.get("handoffTo"));
    }
    write(policy, doc, versions);
  }

  /**
   * What is stored of a report: the report without {@code loaded}, its epsilon never below the copy
   * stored before.
   */
  private static ObjectNode document(Reported r, ObjectNode before, Instant now) {
    ObjectNode state = r.report().deepCopy();
    state.remove("loaded");
    Ledger own = Ledger.of(state.path("privacy"));
    if (before != null) {
      own = own.max(Ledger.of(before.path("state").path("privacy")));
    }
    if (own.present()) {
      state.set("privacy", own.json());
    }
    ObjectNode doc = JSON.createObjectNode().put("instance", r.instance());
    doc.put("address", r.router().getAuthority()).put("seenAt", now.toString());
    doc.set("state", state);
    return doc;
  }

  private void keepAllLogged() {
    Function<RoutingPolicy, List<URI>> addresses = routers.routersOfOneRound();
    for (RoutingPolicy policy : routers.tracked()) {
      try {
        keep(policy, addresses.apply(policy));
      } catch (RuntimeException e) {
        LOG.warnf(
            e,
            "keeping the routers' state of policy %s/%s failed; next round in one interval",
            policy.getMetadata().getNamespace(),
            policy.getMetadata().getName());
      }
    }
  }

  /** One round for one policy: read, store, hand off departed replicas, acknowledge. */
  public Outcome keep(RoutingPolicy policy) {
    return keep(policy, routers.routers(policy));
  }

  /**
   * {@link #keep(RoutingPolicy)} with the policy's router addresses already known. Without any
   * there is no replica to read, store, hand to or answer, so the stored state is not even listed:
   * a thousand policies without routers cost the API server nothing per round.
   */
  Outcome keep(RoutingPolicy policy, List<URI> addresses) {
    if (addresses.isEmpty()) {
      return new Outcome(0, 0, 0, 0);
    }
    String namespace = policy.getMetadata().getNamespace();
    String name = policy.getMetadata().getName();
    Optional<String> token = tokens.token(policy);
    if (token.isEmpty()) {
      if (warnedWithoutToken.add(namespace + "/" + name)) {
        LOG.warnf(
            "policy %s/%s: no router control key (router.controlKeySecret), so its routers' state"
                + " is not kept across pod replacements and a federated router shares nothing",
            namespace, name);
      }
      return new Outcome(0, 0, 0, 0);
    }
    Instant now = clock.instant();
    // Listed before the routers are read: each write below is conditional on the version listed
    // here, so a concurrent writer (another operator replica) makes this round fail before any
    // acknowledgement instead of overwriting a newer ledger with an older one.
    Map<String, ObjectNode> stored = new LinkedHashMap<>();
    Map<String, String> versions = new LinkedHashMap<>();
    for (ConfigMap cm :
        client
            .configMaps()
            .inNamespace(namespace)
            .withLabel(STATE_LABEL, label(name))
            .list()
            .getItems()) {
      Optional<ObjectNode> doc = parse(cm);
      if (doc.isPresent()) {
        stored.put(doc.get().path("instance").asText(), doc.get());
        versions.put(doc.get().path("instance").asText(), cm.getMetadata().getResourceVersion());
      } else {
        // Unreadable (edited by hand): overwritten when its replica reports again.
        versions.put(cm.getMetadata().getName(), cm.getMetadata().getResourceVersion());
      }
    }
    Map<String, Reported> live = new LinkedHashMap<>();
    for (URI router : addresses) {
      read(router, token.get())
          .filter(r -> !r.instance().isEmpty())
          .ifPresent(r -> live.put(r.instance(), r));
    }

    // 1. Store what every live replica reported, its epsilon never below what was stored before;
    // the policy's ledger is the largest of all, stored or reported. Written before any answer.
    Ledger ledger = Ledger.NONE;
    for (ObjectNode doc : stored.values()) {
      ledger = ledger.max(Ledger.of(doc.path("state").path("privacy")));
    }
    int replicasStored = 0;
    for (Reported r : live.values()) {
      ObjectNode doc = document(r, stored.get(r.instance()), now);
      ledger = ledger.max(Ledger.of(doc.path("state").path("privacy")));
      write(policy, doc, versions);
      stored.put(r.instance(), doc);
      replicasStored++;
    }

    // 2. Departed replicas: each handed to one live replica, once.
    Map<String, List<ObjectNode>> handoffs = new LinkedHashMap<>();
    int done = 0;
    for (ObjectNode doc : List.copyOf(stored.values())) {
      String instance = doc.path("instance").asText();
      if (live.containsKey(instance) || !departed(doc, now)) {
        continue;
      }
      String target = doc.path("handoffTo").asText("");
      boolean applied =
          live.containsKey(target)
              ? live.get(target).applied(instance)
              : appliedIn(stored.get(target), instance);
      if (!target.isEmpty() && applied) {
        // The target adopted it (and stored it as its own): this copy must go, or it would be
        // handed on again.
        delete(namespace, name, instance);
        stored.remove(instance);
        done++;
        continue;
      }
      if (!live.containsKey(target)) {
        Optional<String> chosen = chooseTarget(live);
        if (chosen.isEmpty()) {
          continue; // no replica to adopt it yet: kept until one answers
        }
        target = chosen.get();
        doc.put("handoffTo", target);
        write(
            policy, doc, versions); // the intent first: a crash between here and the PUT resends it
        LOG.infof(
            "policy %s/%s: router replica %s departed; its state goes to replica %s",
            namespace, name, instance, target);
      }
      handoffs.computeIfAbsent(target, t -> new ArrayList<>()).add(doc);
    }

    // 3. Answer every live replica: its pending hand-offs and the durable ledger.
    int sent = 0;
    int acknowledged = 0;
    for (Reported r : live.values()) {
      List<ObjectNode> pending = handoffs.getOrDefault(r.instance(), List.of());
      for (ObjectNode departed : pending) {
        ObjectNode body = handoffBody(departed);
        if (ledger.present()) {
          body.set("privacy", ledger.json());
        }
        if (put(r.router(), token.get(), body)) {
          sent++;
        }
      }
      boolean wantsLedger = ledger.present() || !r.report().path("loaded").asBoolean(true);
      if (pending.isEmpty() && wantsLedger) {
        ObjectNode body = JSON.createObjectNode();
        if (ledger.present()) {
          body.set("privacy", ledger.json());
        }
        if (put(r.router(), token.get(), body)) {
          acknowledged++;
        }
      } else if (!pending.isEmpty()) {
        acknowledged++;
      }
    }
    return new Outcome(replicasStored, sent, done, acknowledged);
  }

  private boolean departed(ObjectNode doc, Instant now) {
    try {
      return !Instant.parse(doc.path("seenAt").asText()).plus(handoffAfter).isAfter(now);
    } catch (DateTimeParseException e) {
      return true;
    }
  }

  private static boolean appliedIn(ObjectNode doc, String handoff) {
    if (doc == null) {
      return false;
    }
    for (JsonNode id : doc.path("state").path("appliedHandoffs")) {
      if (handoff.equals(id.asText())) {
        return true;
      }
    }
    return false;
  }

  /** A new replica (awaiting its hand-back) first, else the first that answered. */
  private static Optional<String> chooseTarget(Map<String, Reported> live) {
    return live.values().stream()
        .filter(r -> !r.report().path("loaded").asBoolean(true))
        .map(Reported::instance)
        .findFirst()
        .or(() -> live.keySet().stream().findFirst());
  }

  private static ObjectNode handoffBody(ObjectNode departed) {
    JsonNode state = departed.path("state");
    ObjectNode body = JSON.createObjectNode().put("id", departed.path("instance").asText());
    if (state.has("month")) {
      body.set("month", state.get("month"));
    }
    if (state.path("tenantMonthUsd").isObject()) {
      body.set("tenantMonthUsd", state.get("tenantMonthUsd"));
    }
    ArrayNode learning = body.putArray("learning");
    if (state.path("learning").isObject()) {
      learning.add(state.get("learning"));
    }
    return body;
  }

  private Optional<Reported> read(URI router, String token) {
    try {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(router.resolve(STATE_PATH))
                  .timeout(TIMEOUT)
                  .header("authorization", "Bearer " + token)
                  .GET()
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        LOG.debugf("router %s state: HTTP %d", router, response.statusCode());
        return Optional.empty();
      }
      JsonNode body = JSON.readTree(response.body());
      return body instanceof ObjectNode report
          ? Optional.of(new Reported(router, report))
          : Optional.empty();
    } catch (IOException e) {
      LOG.debugf("router state unavailable at %s: %s", router, e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return Optional.empty();
  }

  private boolean put(URI router, String token, ObjectNode body) {
    try {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(router.resolve(STATE_PATH))
                  .timeout(TIMEOUT)
                  .header("authorization", "Bearer " + token)
                  .header("content-type", "application/json")
                  .PUT(HttpRequest.BodyPublishers.ofString(body.toString()))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() == 204) {
        return true;
      }
      LOG.infof(
          "router %s refused its state: HTTP %d %s",
          router, response.statusCode(), response.body());
    } catch (IOException e) {
      LOG.debugf("cannot hand state back to %s: %s", router, e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return false;
  }

  private static Optional<ObjectNode> parse(ConfigMap cm) {
    String data = cm.getData() == null ? null : cm.getData().get(DATA_KEY);
    if (data == null) {
      return Optional.empty();
    }
    try {
      JsonNode doc = JSON.readTree(data);
      return doc instanceof ObjectNode o && !o.path("instance").asText().isEmpty()
          ? Optional.of(o)
          : Optional.empty();
    } catch (JsonProcessingException e) {
      LOG.warnf("router state %s unreadable: %s", cm.getMetadata().getName(), e.getMessage());
      return Optional.empty();
    }
  }

  /**
   * Creates or updates one replica's ConfigMap, conditional on the version listed this round (a
   * conflict throws and ends the round before any acknowledgement).
   */
  private void write(RoutingPolicy policy, ObjectNode doc, Map<String, String> versions) {
    String name = policy.getMetadata().getName();
    String instance = doc.path("instance").asText();
    String cmName = KubeNames.routerState(name, instance);
    String version = versions.containsKey(instance) ? versions.get(instance) : versions.get(cmName);
    ConfigMap cm =
        new ConfigMapBuilder()
            .withNewMetadata()
            .withName(cmName)
            .withNamespace(policy.getMetadata().getNamespace())
            .withResourceVersion(version)
            .withLabels(
                Map.of(
                    STATE_LABEL, label(name), RouterWorkloads.MANAGED_BY, "switchboard-operator"))
            .endMetadata()
            .withData(Map.of(DATA_KEY, doc.toString()))
            .build();
    Owners.controlledBy(cm, policy);
    ConfigMap written =
        version != null ? client.resource(cm).update() : client.resource(cm).create();
    versions.put(instance, written.getMetadata().getResourceVersion());
  }

  private void delete(String namespace, String policy, String instance) {
    try {
      client
          .configMaps()
          .inNamespace(namespace)
          .withName(KubeNames.routerState(policy, instance))
          .delete();
    } catch (KubernetesClientException e) {
      LOG.debugf("cannot delete the state of departed replica %s: %s", instance, e.getMessage());
    }
  }

  /** Label values are at most 63 characters; a policy name may be longer. */
  private static String label(String policy) {
    return policy.length() <= 63 ? policy : KubeNames.sha256(policy).substring(0, 63);
  }
}
