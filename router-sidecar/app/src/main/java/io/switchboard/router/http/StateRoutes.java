package io.switchboard.router.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.router.runtime.RouterSettings;
import io.switchboard.router.runtime.RouterState;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.util.Optional;

/**
 * The operator's durable-state exchange with this router ({@link StateHandback}): {@code GET
 * /switchboard/state} reports what the operator keeps, {@code PUT /switchboard/state} hands state
 * back. Only the operator's control token for the policy opens them (the report holds every
 * tenant's spend and raw learned statistics; a hand-back changes spend and learning); the body of a
 * hand-back is capped while it streams in ({@link RouterSettings#learningBodyMaxBytes()}).
 */
@ApplicationScoped
public class StateRoutes {
  static final String PATH = "/switchboard/state";
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final DataPlane dp;
  private final StateHandback handback;

  public StateRoutes(DataPlane dp, StateHandback handback) {
    this.dp = dp;
    this.handback = handback;
  }

  void register(@Observes Router router) {
    router.get(PATH).order(-100).handler(this::report);
    router.put(PATH).order(-100).handler(this::handBack);
  }

  /**
   * Whether the request carries the policy's control token. Unlike the learned-state exchange, the
   * durable state is never open: without a control token configured (the operator's {@code
   * router.controlKeySecret}) nobody may read every tenant's spend or hand state in.
   */
  private boolean authorized(RoutingContext ctx) {
    RouterState state = dp.states.current();
    if (state == null) {
      // Without a config there is no token to check against and nothing to report or adopt into.
      dp.errors.send(
          ctx.response(),
          503,
          "service_unavailable",
          "no_config",
          "the router has no valid configuration loaded",
          5);
      return false;
    }
    String expected = state.config().policy().controlTokenSha256();
    if (expected == null) {
      dp.errors.send(
          ctx.response(),
          403,
          "permission_error",
          "no_control_token",
          "the durable-state exchange needs a control token, and this policy's router has none"
              + " (the operator's router.controlKeySecret)",
          0);
      return false;
    }
    if (!ControlToken.presents(ctx.request().getHeader("authorization"), expected)) {
      dp.errors.send(
          ctx.response(),
          401,
          "authentication_error",
          "invalid_control_token",
          "the durable-state exchange needs the operator's control token for this policy",
          0);
      return false;
    }
    return true;
  }

  private void report(RoutingContext ctx) {
    if (!authorized(ctx)) {
      return;
    }
    // Serialising learned state and writing the state volume is worker-thread work.
    dp.vertx
        .executeBlocking(() -> handback.report().toString(), false)
        .onComplete(
            done -> {
              if (done.succeeded()) {
                ctx.response()
                    .putHeader("content-type", "application/json")
                    .putHeader("cache-control", "no-store")
                    .end(done.result());
              } else {
                dp.errors.send(
                    ctx.response(),
                    500,
                    "server_error",
                    "state_unavailable",
                    "cannot report the durable state: " + done.cause().getMessage(),
                    0);
              }
            });
  }

  private void handBack(RoutingContext ctx) {
    if (!authorized(ctx)) {
      return;
    }
    BoundedBody.read(
        ctx.request(),
        ctx.response(),
        dp.errors,
        dp.settings.learningBodyMaxBytes(),
        null,
        body ->
            dp.vertx
                .executeBlocking(
                    () -> {
                      JsonNode node;
                      try {
                        node = MAPPER.readTree(body.getBytes());
                      } catch (IOException e) {
                        return Optional.of("malformed JSON");
                      }
                      if (node == null || !node.isObject()) {
                        return Optional.of("the body must be a JSON object");
                      }
                      return handback.apply(node);
                    },
                    false)
                .onComplete(
                    done -> {
                      if (done.succeeded() && done.result().isEmpty()) {
                        ctx.response().setStatusCode(204).end();
                      } else {
                        dp.errors.send(
                            ctx.response(),
                            done.succeeded() ? 400 : 500,
                            "invalid_request_error",
                            "invalid_handback",
                            done.succeeded()
                                ? done.result().get()
                                : "applying the hand-back failed: " + done.cause().getMessage(),
                            0);
                      }
                    }));
  }
}
