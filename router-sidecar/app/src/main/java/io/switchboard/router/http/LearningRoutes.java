package io.switchboard.router.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.router.core.spi.ReplicaLearning;
import io.switchboard.router.runtime.RouterState;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Learned-state exchange between the replicas of one policy's router, driven by the operator every
 * {@code stateSyncSeconds}: it reads each replica's own state ({@code GET
 * /switchboard/learning/local}) and gives each replica the others' ({@code PUT
 * /switchboard/learning/peers}, which replaces all peer contributions, so a repeated or late
 * exchange is harmless). Only strategies that learn answer (bandit); others get 404.
 */
@ApplicationScoped
public class LearningRoutes {
  private static final Logger LOG = Logger.getLogger(LearningRoutes.class);
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final DataPlane dp;

  public LearningRoutes(DataPlane dp) {
    this.dp = dp;
  }

  void register(@Observes Router router) {
    router.get("/switchboard/learning/local").order(-100).handler(this::local);
    router.put("/switchboard/learning/peers").order(-100).handler(this::peers);
  }

  private Optional<ReplicaLearning> learning(RoutingContext ctx) {
    RouterState state = dp.states.current();
    if (state == null) {
      dp.errors.send(
          ctx.response(),
          503,
          "service_unavailable",
          "no_config",
          "the router has no valid configuration loaded",
          5);
      return Optional.empty();
    }
    String expected = state.config().policy().controlTokenSha256();
    if (expected != null
        && !ControlToken.presents(ctx.request().getHeader("authorization"), expected)) {
      dp.errors.send(
          ctx.response(),
          401,
          "authentication_error",
          "invalid_control_token",
          "the learned-state exchange needs the operator's bearer token for this policy",
          0);
      return Optional.empty();
    }
    Optional<ReplicaLearning> learning = state.strategy().replicaLearning();
    if (learning.isEmpty()) {
      dp.errors.send(
          ctx.response(),
          404,
          "invalid_request_error",
          "no_shared_learning",
          "mode " + state.config().policy().mode().wireName() + " has no learned state to share",
          0);
    }
    return learning;
  }

  private void local(RoutingContext ctx) {
    learning(ctx)
        .ifPresent(
            learning -> {
              RouterState state = dp.states.current();
              ObjectNode body =
                  MAPPER
                      .createObjectNode()
                      .put("policy", state.policyName())
                      .put("mode", state.config().policy().mode().wireName())
                      .put("fingerprint", learning.fingerprint());
              body.set("state", learning.localState());
              ctx.response().putHeader("content-type", "application/json").end(body.toString());
            });
  }

  /** {@code {"fingerprint": "...", "peers": {"<peer id>": <state>, ...}}}. */
  private void peers(RoutingContext ctx) {
    HttpServerResponse response = ctx.response();
    // Token and mode are checked from the headers before the body is read, then the body is capped
    // while it
    // streams in: an anonymous client can make the router buffer nothing, the operator at most the
    // cap.
    Optional<ReplicaLearning> found = learning(ctx);
    if (found.isEmpty()) {
      return;
    }
    BoundedBody.read(
        ctx.request(),
        response,
        dp.errors,
        dp.settings.learningBodyMaxBytes(),
        null,
        body -> {
          ReplicaLearning learning = found.get();
          // Parsing and merging many replicas' states is too much work for the event loop.
          dp.vertx
              .executeBlocking(
                  () -> {
                    JsonNode node;
                    try {
                      node = MAPPER.readTree(body.getBytes());
                    } catch (IOException e) {
                      return new Reply(400, "invalid_json", "malformed JSON");
                    }
                    if (node == null || !node.path("peers").isObject()) {
                      return new Reply(
                          400,
                          "invalid_peers",
                          "body needs 'fingerprint' and 'peers' (object of peer id to state)");
                    }
                    if (!learning.fingerprint().equals(node.path("fingerprint").asText())) {
                      return new Reply(
                          409,
                          "fingerprint_mismatch",
                          "peers learned in model space '"
                              + node.path("fingerprint").asText()
                              + "', this replica in '"
                              + learning.fingerprint()
                              + "'");
                    }
                    Map<String, JsonNode> peers = new LinkedHashMap<>();
                    node.path("peers")
                        .fields()
                        .forEachRemaining(e -> peers.put(e.getKey(), e.getValue()));
                    try {
                      learning.replacePeerStates(peers);
                    } catch (IllegalArgumentException e) {
                      return new Reply(400, "invalid_peer_state", e.getMessage());
                    }
                    LOG.debugf("learned state of %d peer replica(s) merged", peers.size());
                    return new Reply(204, null, null);
                  },
                  false)
              .onComplete(
                  done -> {
                    Reply reply =
                        done.succeeded()
                            ? done.result()
                            : new Reply(500, "internal_error", "merging peer states failed");
                    if (reply.status() == 204) {
                      response.setStatusCode(204).end();
                    } else {
                      dp.errors.send(
                          response,
                          reply.status(),
                          "invalid_request_error",
                          reply.code(),
                          reply.message(),
                          0);
                    }
                  });
        });
  }

  private record Reply(int status, String code, String message) {}
}
