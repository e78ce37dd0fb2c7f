package io.switchboard.router;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Real local upstreams on one loopback port, behaviour chosen by path prefix: {@code /fast} answers
 * at once (JSON or SSE, usage only when asked), {@code /slow} sends headers after 2 s, {@code
 * /error} answers 503, {@code /drop} breaks off (after two SSE frames when streaming), {@code
 * /garbage} answers 200 with a non-JSON body, {@code /nousage} answers without usage, {@code
 * /trickle} streams one frame every 200 ms for 10 s (client-disconnect test).
 */
public final class MockExperts implements AutoCloseable {
  private final Vertx vertx = Vertx.vertx();
  private final HttpServer server;
  public final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
  public final AtomicInteger trickleClosed = new AtomicInteger();

  /** Last request body per path prefix. */
  public final Map<String, String> lastBody = new ConcurrentHashMap<>();

  /** HTTP version of the last request per path prefix. */
  public final Map<String, String> lastProtocol = new ConcurrentHashMap<>();

  /** Last Authorization header per path prefix ("none" when absent). */
  public final Map<String, String> lastAuthorization = new ConcurrentHashMap<>();

  public MockExperts() throws Exception {
    server =
        vertx
            .createHttpServer()
            .requestHandler(this::handle)
            .listen(0, "127.0.0.1")
            .toCompletionStage()
            .toCompletableFuture()
            .get(10, TimeUnit.SECONDS);
  }

  public int port() {
    return server.actualPort();
  }

  public String url(String kind) {
    return "http://127.0.0.1:" + port() + "/" + kind;
  }

  public int hits(String kind) {
    AtomicInteger n = hits.get(kind);
    return n == null ? 0 : n.get();
  }

  private void handle(HttpServerRequest req) {
    String path = req.path();
    String kind =
        path.substring(1, path.indexOf('/', 1) > 0 ? path.indexOf('/', 1) : path.length());
    if (path.endsWith("/health")) {
      req.response().setStatusCode(kind.equals("error") ? 503 : 200).end("ok");
      return;
    }
    hits.computeIfAbsent(kind, k -> new AtomicInteger()).incrementAndGet();
    String auth = req.getHeader("authorization");
    lastAuthorization.put(kind, auth == null ? "none" : auth);
    lastProtocol.put(kind, req.version().name());
    req.body()
        .onSuccess(
            b -> {
              lastBody.put(kind, b.toString());
              if (b.toString().contains("Score (1-10):")) {
                lastBody.put("grading", b.toString());
              }
              JsonObject body = b.toJsonObject();
              boolean stream = body.getBoolean("stream", false);
              boolean includeUsage =
                  body.getJsonObject("stream_options", new JsonObject())
                      .getBoolean("include_usage", false);
              String model = body.getString("model");
              switch (kind) {
                case "fast", "fast2", "nousage" ->
                    answer(
                        req,
                        model,
                        stream,
                        includeUsage && !kind.equals("nousage"),
                        !kind.equals("nousage"),
                        path,
                        body.getBoolean("logprobs", false));
                case "judge" ->
                    req.response()
                        .putHeader("content-type", "application/json")
                        .end(
                            "{\"id\":\"j1\",\"object\":\"chat.completion\","
                                + "\"model\":\""
                                + model
                                + "\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"8\"},"
                                + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":40,\"completion_tokens\":1,\"total_tokens\":41}}");
                case "slow" ->
                    vertx.setTimer(
                        2000, id -> answer(req, model, stream, includeUsage, true, path, false));
                case "error" ->
                    req.response()
                        .setStatusCode(503)
                        .putHeader("content-type", "application/json")
                        .end("{\"error\":\"overloaded\"}");
                case "garbage" ->
                    req.response()
                        .putHeader("content-type", "application/json")
                        .end("<html>definitely not json");
                case "drop" -> {
                  if (stream) {
                    req.response().setChunked(true).putHeader("content-type", "text/event-stream");
                    req.response().write(chunk(model, "Hel"));
                    req.response().write(chunk(model, "lo"));
                    vertx.setTimer(50, id -> req.connection().close());
                  } else {
                    req.connection().close();
                  }
                }
                case "trickle" -> {
                  req.response().setChunked(true).putHeader("content-type", "text/event-stream");
                  req.response().closeHandler(v -> trickleClosed.incrementAndGet());
                  long timer =
                      vertx.setPeriodic(
                          200,
                          id -> {
                            if (!req.response().closed()) {
                              req.response().write(chunk(model, "x"));
                            }
                          });
                  vertx.setTimer(
                      10_000,
                      id -> {
                        vertx.cancelTimer(timer);
                        if (!req.response().closed()) {
                          req.response().end("data: [DONE]\n\n");
                        }
                      });
                }
                default -> req.response().setStatusCode(404).end();
              }
            });
  }

  private static String chunk(String model, String content) {
    return chunk(model, content, Double.NaN);
  }

  private static String chunk(String model, String content, double logprob) {
    return "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"model\":\""
        + model
        + "\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\""
        + content
        + "\"},"
        + (Double.isNaN(logprob)
            ? ""
            : "\"logprobs\":{\"content\":[{\"token\":\""
                + content
                + "\",\"logprob\":"
                + logprob
                + "}]},")
        + "\"finish_reason\":null}]}\n\n";
  }

  private void answer(
      HttpServerRequest req,
      String model,
      boolean stream,
      boolean includeUsage,
      boolean usage,
      String path,
      boolean logprobs) {
    if (path.endsWith("/v1/embeddings")) {
      req.response()
          .putHeader("content-type", "application/json")
          .end(
              "{\"object\":\"list\",\"model\":\""
                  + model
                  + "\",\"data\":[{\"object\":\"embedding\",\"index\":0,\"embedding\":[0.1,0.2]}],\"usage\":{\"prompt_tokens\":3,\"total_tokens\":3}}");
      return;
    }
    if (!stream) {
      req.response()
          .putHeader("content-type", "application/json")
          .end(
              "{\"id\":\"c1\",\"object\":\"chat.completion\",\"model\":\""
                  + model
                  + "\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"Hello there\"},"
                  + (logprobs
                      ? "\"logprobs\":{\"content\":[{\"token\":\"Hello\",\"logprob\":-0.5},{\"token\":\" there\",\"logprob\":-1.5}]},"
                      : "")
                  + "\"finish_reason\":\"stop\"}]"
                  + (usage
                      ? ",\"usage\":{\"prompt_tokens\":7,\"completion_tokens\":2,\"total_tokens\":9}"
                      : "")
                  + "}");
      return;
    }
    var resp = req.response().setChunked(true).putHeader("content-type", "text/event-stream");
    // Logprobs as vLLM streams them, one entry per chunk's token, when asked for.
    resp.write(chunk(model, "Hello", logprobs ? -0.5 : Double.NaN));
    resp.write(chunk(model, " there", logprobs ? -1.5 : Double.NaN));
    if (includeUsage) {
      resp.write(
          "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"model\":\""
              + model
              + "\",\"choices\":[],\"usage\":{\"prompt_tokens\":7,\"completion_tokens\":2,\"total_tokens\":9}}\n\n");
    }
    resp.end("data: [DONE]\n\n");
  }

  @Override
  public void close() {
    vertx.close().toCompletionStage().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).join();
  }
}
