package io.switchboard.router.federation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.router.core.strategy.federated.FederatedRound;
import io.switchboard.router.core.strategy.federated.Federation;
import io.switchboard.router.http.ApiErrors;
import io.switchboard.router.http.StateHandback;
import io.switchboard.router.runtime.RouterState;
import io.switchboard.router.runtime.RouterStateManager;
import io.switchboard.router.tenant.TenantDirectory;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code GET /switchboard/federation/aggregate}: this router's latest published round (noised,
 * cumulative) for its peers. 404 while there is none (not federated, a non-learning local mode, or
 * no round yet). The JSON of a round is rendered once and reused until the next round.
 *
 * <p>Peers are tenants: with {@code tenants.required} a missing or unknown bearer key gets 401
 * exactly like {@code /v1/chat/completions}, so only clusters this one issued a key can read its
 * aggregates. Without it the endpoint stays open (it only ever serves noised aggregates). No rate
 * limit: a peer fetches once per round.
 */
@ApplicationScoped
public class FederationRoutes {

  public static final String AGGREGATE_PATH = "/switchboard/federation/aggregate";

  private final ActiveFederation federation;
  private final RouterStateManager states;
  private final StateHandback handback;
  private final ApiErrors errors = new ApiErrors();
  private final ObjectMapper json = new ObjectMapper();
  private final AtomicReference<Rendered> rendered = new AtomicReference<>();

  private record Rendered(FederatedRound round, Buffer body) {}

  public FederationRoutes(
      ActiveFederation federation, RouterStateManager states, StateHandback handback) {
    this.federation = federation;
    this.states = states;
    this.handback = handback;
  }

  void register(@Observes Router router) {
    router.get(AGGREGATE_PATH).order(-100).handler(this::aggregate);
  }

  private void aggregate(RoutingContext ctx) {
    RouterState state = states.current();
    TenantDirectory.Caller caller =
        state == null ? null : state.tenants().caller(ctx.request().getHeader("authorization"));
    if (state != null && caller == null) {
      errors.invalidApiKey(ctx.response());
      return;
    }
    // An inference tenant's key does not read what peers share; a peer's federation key does.
    if (caller != null && !caller.mayFederate() && state.tenants().required()) {
      errors.notFederationScoped(ctx.response());
      return;
    }
    if (!handback.loaded()) {
      // A round on a state volume that outlived its ledger's hand-back could be served under a
      // budget the operator has not confirmed: nothing is shared before the hand-back.
      errors.send(
          ctx.response(),
          503,
          "service_unavailable",
          "ledger_not_loaded",
          "this router has not loaded its privacy ledger yet",
          5);
      return;
    }
    Optional<FederatedRound> round = federation.current().flatMap(Federation::latestRound);
    if (round.isEmpty()) {
      errors.send(
          ctx.response(),
          404,
          "invalid_request_error",
          "no_round",
          "this router has published no federated round",
          0);
      return;
    }
    Rendered current = rendered.get();
    if (current == null || current.round() != round.get()) {
      try {
        current = new Rendered(round.get(), Buffer.buffer(json.writeValueAsBytes(round.get())));
      } catch (JsonProcessingException e) {
        ctx.fail(500, e);
        return;
      }
      rendered.set(current);
    }
    ctx.response()
        .putHeader("content-type", "application/json")
        .putHeader("cache-control", "no-store")
        .end(current.body());
  }
}
