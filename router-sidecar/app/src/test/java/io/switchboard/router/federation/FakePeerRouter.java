package io.switchboard.router.federation;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A peer cluster's router, reduced to what federation uses: it serves a chosen round at the
 * aggregate path (404 until one is set; 401 without the bearer key when {@link #requiredKey} is
 * set) and answers chat completions (offloaded requests) with a fixed reply. Loopback, random port.
 */
final class FakePeerRouter implements AutoCloseable {
  private final Vertx vertx = Vertx.vertx();
  private final HttpServer server;
  final AtomicReference<String> round = new AtomicReference<>();
  final AtomicInteger aggregateRequests = new AtomicInteger();
  final AtomicInteger chatRequests = new AtomicInteger();
  final AtomicReference<String> lastOffloadedFrom = new AtomicReference<>();

  /**
   * When set, the aggregate path answers 401 unless {@code Authorization: Bearer <requiredKey>} (a
   * peer with tenants.required).
   */
  final AtomicReference<String> requiredKey = new AtomicReference<>();

  final AtomicReference<String> lastAggregateAuthorization = new AtomicReference<>();

  FakePeerRouter() throws Exception {
    server =
        vertx
            .createHttpServer()
            .requestHandler(
                req -> {
                  if (req.path().equals(FederationRoutes.AGGREGATE_PATH)) {
                    aggregateRequests.incrementAndGet();
                    String authorization = req.getHeader("authorization");
                    lastAggregateAuthorization.set(authorization);
                    String key = requiredKey.get();
                    if (key != null && !("Bearer " + key).equals(authorization)) {
                      req.response()
                          .setStatusCode(401)
                          .putHeader("content-type", "application/json")
                          .end(
                              "{\"error\":{\"message\":\"missing or unknown API key\",\"type\":\"invalid_request_error\","
                                  + "\"param\":null,\"code\":\"invalid_api_key\"}}");
                      return;
                    }
                    String body = round.get();
                    req.response()
                        .setStatusCode(body == null ? 404 : 200)
                        .putHeader("content-type", "application/json")
                        .end(body == null ? "{}" : body);
                  } else if (req.path().equals("/v1/chat/completions")) {
                    chatRequests.incrementAndGet();
                    lastOffloadedFrom.set(req.getHeader("x-switchboard-offloaded"));
                    req.body()
                        .onSuccess(
                            b ->
                                req.response()
                                    .putHeader("content-type", "application/json")
                                    .end(
                                        "{\"id\":\"peer-1\",\"object\":\"chat.completion\",\"model\":\"remote-pool\",\"choices\":[{\"index\":0,"
                                            + "\"message\":{\"role\":\"assistant\",\"content\":\"from the peer cluster\"},\"finish_reason\":\"stop\"}],"
                                            + "\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":4,\"total_tokens\":9}}"));
                  } else {
                    req.response().setStatusCode(404).end();
                  }
                })
            .listen(0, "127.0.0.1")
            .toCompletionStage()
            .toCompletableFuture()
            .get(10, TimeUnit.SECONDS);
  }

  String url() {
    return "http://127.0.0.1:" + server.actualPort();
  }

  @Override
  public void close() {
    vertx.close();
  }
}
