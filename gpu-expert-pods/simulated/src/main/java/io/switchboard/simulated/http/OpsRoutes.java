package io.switchboard.simulated.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.simulated.Simulation;
import io.switchboard.simulated.faults.Faults;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;

/**
 * vLLM-compatible operational endpoints — {@code GET /v1/models}, {@code GET /health} (503 during a
 * slow start), {@code GET /metrics} (vLLM metric names) — and the test-only {@code GET|POST
 * /admin/faults} and {@code GET|DELETE /admin/signals} (what the simulated signals emitted, with
 * the recorded truth: for a harness measuring them, never for a router under test).
 */
@ApplicationScoped
public class OpsRoutes {

  private final Simulation simulation;
  private final ObjectMapper mapper;
  private final OpenAiJson json;
  private final long started = System.currentTimeMillis() / 1000;

  public OpsRoutes(Simulation simulation, ObjectMapper mapper) {
    this.simulation = simulation;
    this.mapper = mapper;
    this.json = new OpenAiJson(mapper);
  }

  void register(@Observes Router router) {
    router.get("/v1/models").handler(this::models);
    router.get("/health").handler(this::health);
    router.get("/metrics").handler(this::metrics);
    router.get("/admin/faults").handler(this::faults);
    router.post("/admin/faults").handler(BodyHandler.create(false)).handler(this::setFaults);
    router.get("/admin/signals").handler(this::signals);
    router.delete("/admin/signals").handler(this::clearSignals);
  }

  private void models(RoutingContext ctx) {
    ctx.response()
        .putHeader(CompletionRoutes.SIMULATED_HEADER, "true")
        .putHeader("content-type", "application/json")
        .end(json.write(json.models(simulation.servedModelName(), started)));
  }

  private void health(RoutingContext ctx) {
    ctx.response()
        .putHeader(CompletionRoutes.SIMULATED_HEADER, "true")
        .setStatusCode(simulation.faults().healthy() ? 200 : 503)
        .end();
  }

  private void metrics(RoutingContext ctx) {
    ctx.response()
        .putHeader(CompletionRoutes.SIMULATED_HEADER, "true")
        .putHeader("content-type", "text/plain; version=0.0.4; charset=utf-8")
        .end(simulation.scrapeMetrics());
  }

  private void faults(RoutingContext ctx) {
    try {
      ctx.response()
          .putHeader("content-type", "application/json")
          .end(mapper.writeValueAsString(simulation.faults().current()));
    } catch (IOException e) {
      ctx.fail(e);
    }
  }

  private void signals(RoutingContext ctx) {
    try {
      ctx.response()
          .putHeader(CompletionRoutes.SIMULATED_HEADER, "true")
          .putHeader("content-type", "application/json")
          .end(mapper.writeValueAsString(simulation.signals().snapshot()));
    } catch (IOException e) {
      ctx.fail(e);
    }
  }

  private void clearSignals(RoutingContext ctx) {
    simulation.signals().clear();
    ctx.response().setStatusCode(204).end();
  }

  private void setFaults(RoutingContext ctx) {
    try {
      Faults faults = mapper.readValue(ctx.body().asString(), Faults.class);
      simulation.faults().replace(faults);
    } catch (IOException | IllegalArgumentException | NullPointerException e) {
      ctx.response()
          .setStatusCode(400)
          .putHeader("content-type", "application/json")
          .end(
              json.write(
                  json.error(
                      "invalid faults: " + e.getMessage(),
                      "invalid_request_error",
                      "invalid_faults")));
      return;
    }
    faults(ctx);
  }
}
