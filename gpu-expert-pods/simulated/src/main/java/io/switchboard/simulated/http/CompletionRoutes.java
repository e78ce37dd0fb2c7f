package io.switchboard.simulated.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.dataset.CostEstimator;
import io.switchboard.simulated.Simulation;
import io.switchboard.simulated.answer.SimulatedAnswer;
import io.switchboard.simulated.answer.SimulatedConfidence;
import io.switchboard.simulated.answer.SimulatedRouter;
import io.switchboard.simulated.engine.BatchingEngine;
import io.switchboard.simulated.signals.SignalLog;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code POST /v1/chat/completions} and {@code POST /v1/completions}: answers from recorded
 * outcomes, timed by the batching engine, streamed as server-sent events ({@code data: {...}}, then
 * {@code data: [DONE]}) or returned whole. Every response carries {@code x-switchboard-simulated:
 * true} and the {@code switchboard-simulated} system fingerprint.
 */
@ApplicationScoped
public class CompletionRoutes {

  static final String SIMULATED_HEADER = "x-switchboard-simulated";

  private final Simulation simulation;
  private final ObjectMapper mapper;
  private final OpenAiJson json;
  private final Vertx vertx;
  private final AtomicLong ids = new AtomicLong();

  public CompletionRoutes(Simulation simulation, ObjectMapper mapper, Vertx vertx) {
    this.simulation = simulation;
    this.mapper = mapper;
    this.json = new OpenAiJson(mapper);
    this.vertx = vertx;
  }

  void register(@Observes Router router) {
    router
        .post("/v1/chat/completions")
        .handler(BodyHandler.create(false))
        .handler(ctx -> handle(ctx, true));
    router
        .post("/v1/completions")
        .handler(BodyHandler.create(false))
        .handler(ctx -> handle(ctx, false));
  }

  private void handle(RoutingContext ctx, boolean chat) {
    HttpServerResponse response = ctx.response().putHeader(SIMULATED_HEADER, "true");
    CompletionRequest request;
    try {
      JsonNode body = mapper.readTree(ctx.body().buffer() == null ? "" : ctx.body().asString());
      request = CompletionRequest.parse(body, chat);
    } catch (JsonProcessingException e) {
      error(
          response,
          400,
          "invalid JSON body: " + e.getOriginalMessage(),
          "invalid_request_error",
          "invalid_json");
      return;
    } catch (IllegalArgumentException e) {
      error(response, 400, e.getMessage(), "invalid_request_error", "invalid_request");
      return;
    }
    if (!simulation.servesModel(request.model())) {
      error(
          response,
          404,
          "The model `"
              + request.model()
              + "` does not exist; this expert serves `"
              + simulation.servedModelName()
              + "`.",
          "invalid_request_error",
          "model_not_found");
      return;
    }
    simulation.faults().crashIfArmed();
    if (simulation.faults().shouldHang()) {
      return; // accepted, never answered: the client's timeout is what is being tested
    }
    if (simulation.faults().shouldFail()) {
      error(
          response,
          500,
          "simulated engine failure (fault injection)",
          "server_error",
          "simulated_fault");
      return;
    }

    SimulatedAnswer answer =
        simulation
            .answers()
            .answer(request.fullText(), request.lastUserMessage(), request.maxTokens());
    int promptTokens = CostEstimator.estimateTokens(request.fullText().length());
    simulation
        .signals()
        .answered(
            answer, request.logprobs(), simulation.confidence(), simulation.servedModelName());
    if (simulation.exposeRecordedScore()) {
      response.putHeader(
          "x-sim-recorded-score",
          answer.recordedScore() == null ? "none" : answer.recordedScore().toString());
      response.putHeader("x-sim-prompt-id", answer.match().prompt().promptId());
      response.putHeader(
          "x-sim-match",
          answer.match().kind().name().toLowerCase(Locale.ROOT)
              + ";similarity="
              + String.format(Locale.ROOT, "%.3f", answer.match().similarity()));
    }
    Reply reply =
        new Reply(
            request,
            answer,
            promptTokens,
            response,
            vertx.getOrCreateContext(),
            (request.chat() ? "chatcmpl-sim-" : "cmpl-sim-") + ids.incrementAndGet(),
            System.currentTimeMillis() / 1000);
    if (request.stream()) {
      response
          .setChunked(true)
          .putHeader("content-type", "text/event-stream; charset=utf-8")
          .putHeader("cache-control", "no-cache");
    }
    BatchingEngine.Generation generation =
        simulation
            .engines()
            .submit(
                promptTokens,
                answer.completionTokens(),
                simulation.faults().addedLatencyNanos(),
                reply::onTokens);
    response.closeHandler(ignored -> generation.cancel());
  }

  private void error(
      HttpServerResponse response, int status, String message, String type, String code) {
    response
        .setStatusCode(status)
        .putHeader("content-type", "application/json")
        .end(json.write(json.error(message, type, code)));
  }

  /**
   * Writes one request's answer as the engine releases its tokens, on the request's own event loop.
   */
  private final class Reply {
    private final CompletionRequest request;
    private final SimulatedAnswer answer;
    private final int promptTokens;
    private final HttpServerResponse response;
    private final Context context;
    private final String id;
    private final long created;
    private final long startNanos = System.nanoTime();

    Reply(
        CompletionRequest request,
        SimulatedAnswer answer,
        int promptTokens,
        HttpServerResponse response,
        Context context,
        String id,
        long created) {
      this.request = request;
      this.answer = answer;
      this.promptTokens = promptTokens;
      this.response = response;
      this.context = context;
      this.id = id;
      this.created = created;
    }

    void onTokens(int from, int count, boolean last) {
      context.runOnContext(ignored -> write(from, count, last));
    }

    private void write(int from, int count, boolean last) {
      if (response.ended() || response.closed()) {
        return;
      }
      String model = simulation.servedModelName();
      if (last && answer.route() != null) {
        SimulatedRouter.Choice route = answer.route();
        simulation
            .signals()
            .route(
                new SignalLog.Route(
                    route.promptId(),
                    route.expert(),
                    route.best(),
                    (System.nanoTime() - startNanos) / 1e6));
      }
      if (!request.stream()) {
        if (last) {
          response
              .putHeader("content-type", "application/json")
              .end(
                  json.write(
                      json.completion(
                          request,
                          id,
                          created,
                          model,
                          answer.text(),
                          answer.finishReason(),
                          usage(),
                          logprobs(answer.completionTokens()))));
        }
        return;
      }
      String delta = slice(from, from + count);
      response.write(
          event(json.chunk(request, id, created, model, delta, from == 0, null, logprobs(count))));
      if (from == 0 && simulation.faults().shouldDisconnect()) {
        response.reset(); // mid-stream disconnect: the client sees the stream break after the first
        // chunk
        return;
      }
      if (last) {
        StringBuilder tail =
            new StringBuilder(
                event(
                    json.chunk(
                        request, id, created, model, null, false, answer.finishReason(), null)));
        if (request.includeUsage()) {
          tail.append(event(json.usageChunk(request, id, created, model, usage())));
        }
        tail.append("data: [DONE]\n\n");
        response.end(tail.toString());
      }
    }

    /**
     * Simulated token logprobs when the request asked for them ({@link SimulatedConfidence}), else
     * null.
     */
    private double[] logprobs(int tokens) {
      return request.logprobs()
          ? simulation
              .confidence()
              .tokenLogprobs(
                  answer.match().prompt().promptId(),
                  simulation.servedModelName(),
                  answer.recordedScore(),
                  tokens)
          : null;
    }

    private ObjectNode usage() {
      return json.usage(promptTokens, answer.completionTokens());
    }

    /** Text of tokens {@code [from, to)}: the answer split evenly over its tokens. */
    private String slice(int from, int to) {
      String text = answer.text();
      long tokens = answer.completionTokens();
      int start = (int) (text.length() * (long) from / tokens);
      int end = (int) (text.length() * (long) to / tokens);
      return text.substring(start, end);
    }

    private String event(ObjectNode data) {
      return "data: " + json.write(data) + "\n\n";
    }
  }
}
