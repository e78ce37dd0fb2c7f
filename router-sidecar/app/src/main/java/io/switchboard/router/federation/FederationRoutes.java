package io.switchboard.router.federation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.router.core.strategy.federated.FederatedRound;
import io.switchboard.router.core.strategy.federated.Federation;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code GET /switchboard/federation/aggregate}: this router's latest published round (noised, cumulative) for its
 * peers. 404 while there is none (not federated, a non-learning local mode, or no round yet). The JSON of a round is
 * rendered once and reused until the next round.
 */
@ApplicationScoped
public class FederationRoutes {

    public static final String AGGREGATE_PATH = "/switchboard/federation/aggregate";

    private final ActiveFederation federation;
    private final ObjectMapper json = new ObjectMapper();
    private final AtomicReference<Rendered> rendered = new AtomicReference<>();

    private record Rendered(FederatedRound round, Buffer body) {}

    public FederationRoutes(ActiveFederation federation) {
        this.federation = federation;
    }

    void register(@Observes Router router) {
        router.get(AGGREGATE_PATH).order(-100).handler(this::aggregate);
    }

    private void aggregate(RoutingContext ctx) {
        Optional<FederatedRound> round = federation.current().flatMap(Federation::latestRound);
        if (round.isEmpty()) {
            ctx.response().setStatusCode(404).putHeader("content-type", "application/json")
                    .end(new JsonObject().put("error", new JsonObject().put("code", "no_round")
                            .put("message", "this router has published no federated round")).encode());
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
        ctx.response().putHeader("content-type", "application/json").putHeader("cache-control", "no-store").end(current.body());
    }
}
