package io.switchboard.router.federation;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.switchboard.router.core.strategy.federated.FederatedRound;
import io.switchboard.router.core.strategy.federated.Federation;
import io.switchboard.router.core.strategy.federated.MergeOutcome;
import io.switchboard.router.core.strategy.federated.PublishOutcome;
import io.switchboard.router.http.StateHandback;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Drives the active federation: every {@code roundSeconds} it publishes a round, then fetches each
 * peer's latest round ({@code GET <peer>/switchboard/federation/aggregate}, with {@code
 * Authorization: Bearer <key>} when the peer has an {@code apiKeyFile}) and merges it. A failing
 * peer is logged, counted ({@code switchboard.router.federated.peer.errors}, reason {@code
 * unauthorized} when it refuses the key, {@code fetch} otherwise) and skipped. Publishing and
 * merging (eigen-decompositions, file writes) run on a worker thread; HTTP is non-blocking. A
 * config reload that changes the strategy restarts the schedule with an immediate round; a tick
 * finds the active federation at most one second after the reload.
 */
@Singleton
public class FederationLoop {
  private static final Logger LOG = Logger.getLogger(FederationLoop.class);
  private static final long WATCH_MS = 1_000;
  private static final int PEER_TIMEOUT_MS = 10_000;

  private final Vertx vertx;
  private final ActiveFederation active;
  private final StateHandback handback;
  private final ObjectMapper json = new ObjectMapper();
  private HttpClient client;
  private long watchTimer = -1;
  private Federation scheduled;
  private long roundTimer = -1;
  private volatile boolean running;
  private volatile Federation exhaustedReported;

  public FederationLoop(Vertx vertx, ActiveFederation active, StateHandback handback) {
    this.vertx = vertx;
    this.active = active;
    this.handback = handback;
  }

  void onStart(@Observes StartupEvent event) {
    client =
        vertx.createHttpClient(
            new HttpClientOptions()
                .setConnectTimeout(PEER_TIMEOUT_MS)
                .setIdleTimeout(PEER_TIMEOUT_MS / 1000)
                .setKeepAlive(false));
    watchTimer = vertx.setPeriodic(WATCH_MS, id -> reschedule());
  }

  void onStop(@Observes ShutdownEvent event) {
    if (watchTimer >= 0) {
      vertx.cancelTimer(watchTimer);
    }
    if (roundTimer >= 0) {
      vertx.cancelTimer(roundTimer);
    }
    if (client != null) {
      client.close();
    }
  }

  /** On the event loop: (re)starts the round timer when the active federation changed. */
  private void reschedule() {
    Federation current = active.current().orElse(null);
    if (current == scheduled) {
      return;
    }
    if (roundTimer >= 0) {
      vertx.cancelTimer(roundTimer);
      roundTimer = -1;
    }
    scheduled = current;
    if (current != null) {
      LOG.infof(
          "federation of policy %s: a round every %d s with %d peers",
          current.policy(), current.roundPeriod().toSeconds(), current.peers().size());
      roundTimer =
          vertx.setPeriodic(
              current.roundPeriod().toMillis(),
              id -> {
                if (!running) {
                  runRound();
                }
              });
      // At once as well: a restarted or reloaded router gets its peers' statistics back without
      // waiting a
      // whole period. Publishing costs nothing here unless decisions were learned since the last
      // round.
      if (!running) {
        runRound();
      }
    }
  }

  /**
   * One round for the active federation (no-op without one): publish, then fetch and merge every
   * peer.
   */
  public Future<Void> runRound() {
    Federation federation = active.current().orElse(null);
    if (federation == null) {
      return Future.succeededFuture();
    }
    running = true;
    return vertx
        .executeBlocking(
            () -> {
              handback.guard(federation);
              // Until the operator handed the durable ledger back, this router releases nothing.
              return handback.loaded() ? federation.publishRound() : null;
            },
            false)
        .onSuccess(outcome -> report(federation, outcome))
        .onFailure(
            e ->
                LOG.errorf(
                    e, "federation of policy %s: publishing a round failed", federation.policy()))
        .transform(
            ignored -> {
              List<Future<Void>> pulls = new ArrayList<>();
              for (String peer : federation.peers()) {
                pulls.add(pull(federation, peer));
              }
              return Future.join(pulls).<Void>mapEmpty();
            })
        .onComplete(ar -> running = false);
  }

  private void report(Federation federation, PublishOutcome outcome) {
    if (outcome == null) {
      LOG.infof(
          "federation of policy %s: waiting for the operator to hand back the privacy ledger; "
              + "nothing is shared until then",
          federation.policy());
      return;
    }
    switch (outcome) {
      case PUBLISHED -> LOG.debugf("federation of policy %s: round published", federation.policy());
      case AWAITING_ACKNOWLEDGEMENT ->
          LOG.debugf(
              "federation of policy %s: a round waits for the operator to store its epsilon",
              federation.policy());
      case NOTHING_NEW ->
          LOG.debugf("federation of policy %s: nothing new to share", federation.policy());
      case BUDGET_EXHAUSTED -> {
        if (exhaustedReported != federation) { // once per federation, not every round
          exhaustedReported = federation;
          LOG.warnf(
              "federation of policy %s: the total epsilon budget is spent; this router no longer shares "
                  + "its statistics (it still merges its peers')",
              federation.policy());
        }
      }
    }
  }

  /** Fetches one peer's round and merges it; never fails (errors are counted on the federation). */
  private Future<Void> pull(Federation federation, String peer) {
    String url =
        (peer.endsWith("/") ? peer.substring(0, peer.length() - 1) : peer)
            + FederationRoutes.AGGREGATE_PATH;
    RequestOptions options =
        new RequestOptions()
            .setMethod(HttpMethod.GET)
            .setAbsoluteURI(url)
            .setConnectTimeout(PEER_TIMEOUT_MS)
            .setIdleTimeout(PEER_TIMEOUT_MS)
            .putHeader("accept", "application/json");
    String authorization = active.peerAuthorization(peer);
    if (authorization != null) {
      options.putHeader("authorization", authorization);
    }
    return client
        .request(options)
        .compose(request -> request.send())
        .compose(
            response ->
                response
                    .body()
                    .compose(
                        body ->
                            switch (response.statusCode()) {
                              case 200 -> Future.succeededFuture(body);
                              case 404 ->
                                  Future.succeededFuture(
                                      (Buffer) null); // the peer has published no round yet
                              case 401, 403 ->
                                  Future.failedFuture(
                                      new PeerRefusedKey(
                                          response.statusCode(), authorization != null));
                              default -> Future.failedFuture("HTTP " + response.statusCode());
                            }))
        .compose(
            body ->
                body == null
                    ? Future.succeededFuture((MergeOutcome) null)
                    : vertx.executeBlocking(() -> federation.merge(peer, parse(body)), false))
        .onSuccess(
            outcome -> {
              if (outcome == null) {
                LOG.debugf(
                    "federation of policy %s: peer %s has no round yet", federation.policy(), peer);
              } else if (outcome == MergeOutcome.INCOMPATIBLE) {
                LOG.warnf(
                    "federation of policy %s: peer %s publishes another model (projection, dimensions or "
                        + "experts differ); its round is refused",
                    federation.policy(), peer);
              }
            })
        .onFailure(
            e -> {
              if (e instanceof PeerRefusedKey) {
                federation.peerUnauthorized(peer);
              } else {
                federation.peerFailed(peer);
              }
              LOG.warnf(
                  "federation of policy %s: cannot fetch the round of peer %s, skipped: %s",
                  federation.policy(), peer, e.getMessage());
            })
        .<Void>mapEmpty()
        .otherwiseEmpty();
  }

  /** The peer answered 401 or 403. The message names whether a key was sent, never the key. */
  private static final class PeerRefusedKey extends RuntimeException {
    PeerRefusedKey(int status, boolean keySent) {
      super(
          "HTTP "
              + status
              + (keySent
                  ? ": the peer refused the API key of this router's peers[].apiKeyFile"
                  : ": the peer requires an API key and this router's peers[] entry names no apiKeyFile"),
          null,
          false,
          false);
    }
  }

  private FederatedRound parse(Buffer body) throws java.io.IOException {
    return json.readValue(body.getBytes(), FederatedRound.class);
  }
}
