package io.switchboard.router.upstream;

import io.switchboard.router.config.Timeouts;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;

/**
 * One HTTP attempt against one expert with the policy's first-byte and total timeouts. Either
 * buffered ({@link #buffered}) or head-only for streaming ({@link #open}, the caller consumes the
 * body and owns the total timer). Failures complete the future with {@link UpstreamFailure};
 * retryable upstream statuses are failures too (their body is drained so the keep-alive connection
 * is reused).
 */
public final class UpstreamExchange {
  private final Vertx vertx;

  public UpstreamExchange(Vertx vertx) {
    this.vertx = vertx;
  }

  /** Request options for a POST of JSON to {@code path} on the expert. */
  public RequestOptions post(ExpertRuntime expert, String path, String requestId, boolean stream) {
    RequestOptions o =
        new RequestOptions()
            .setMethod(HttpMethod.POST)
            .setHost(expert.host())
            .setPort(expert.port())
            .setSsl(expert.ssl())
            .setURI(expert.uri(path))
            .putHeader("content-type", "application/json")
            .putHeader("accept", stream ? "text/event-stream" : "application/json")
            .putHeader("x-request-id", requestId);
    if (expert.authorization() != null) {
      o.putHeader("authorization", expert.authorization());
    }
    return o;
  }

  /**
   * Sends and buffers the whole response; a non-retryable non-2xx status still completes
   * successfully.
   */
  public Future<BufferedReply> buffered(
      ExpertRuntime expert,
      RequestOptions options,
      Buffer body,
      Timeouts timeouts,
      AttemptHandle handle) {
    long start = System.nanoTime();
    Promise<BufferedReply> promise = Promise.promise();
    long totalTimer =
        vertx.setTimer(
            timeouts.totalMs(),
            id -> {
              if (promise.tryFail(
                  new UpstreamFailure(
                      UpstreamFailure.Kind.TOTAL_TIMEOUT,
                      "expert "
                          + expert.name()
                          + " did not finish within "
                          + timeouts.totalMs()
                          + " ms"))) {
                handle.cancel();
              }
            });
    open(expert, options, body, timeouts, handle)
        .onComplete(
            ar -> {
              if (ar.failed()) {
                promise.tryFail(ar.cause());
                return;
              }
              HttpClientResponse resp = ar.result();
              long firstByte = System.nanoTime() - start;
              String contentType = resp.getHeader("content-type");
              resp.body()
                  .onComplete(
                      b -> {
                        if (b.succeeded()) {
                          promise.tryComplete(
                              new BufferedReply(
                                  resp.statusCode(),
                                  contentType,
                                  b.result(),
                                  firstByte,
                                  System.nanoTime() - start));
                        } else {
                          promise.tryFail(
                              new UpstreamFailure(
                                  UpstreamFailure.Kind.RESET,
                                  "expert "
                                      + expert.name()
                                      + " broke off its response: "
                                      + b.cause().getMessage()));
                        }
                      });
            });
    return promise.future().onComplete(x -> vertx.cancelTimer(totalTimer));
  }

  /**
   * Sends and completes with the response once its headers arrived (the body is not yet read).
   * Fails on connect errors, first-byte timeout, and retryable statuses (429, 500, 502, 503, 504).
   */
  public Future<HttpClientResponse> open(
      ExpertRuntime expert,
      RequestOptions options,
      Buffer body,
      Timeouts timeouts,
      AttemptHandle handle) {
    Promise<HttpClientResponse> promise = Promise.promise();
    long firstByteTimer =
        vertx.setTimer(
            timeouts.firstByteMs(),
            id -> {
              if (promise.tryFail(
                  new UpstreamFailure(
                      UpstreamFailure.Kind.FIRST_BYTE_TIMEOUT,
                      "expert "
                          + expert.name()
                          + " sent no response headers within "
                          + timeouts.firstByteMs()
                          + " ms"))) {
                handle.cancel();
              }
            });
    expert
        .client()
        .request(options)
        .onComplete(
            ar -> {
              if (ar.failed()) {
                promise.tryFail(
                    new UpstreamFailure(
                        UpstreamFailure.Kind.CONNECT,
                        "cannot connect to expert "
                            + expert.name()
                            + ": "
                            + ar.cause().getMessage()));
                return;
              }
              HttpClientRequest req = ar.result();
              handle.attach(req);
              if (promise.future().isComplete()) {
                req.reset();
                return;
              }
              req.send(body)
                  .onComplete(
                      r -> {
                        if (r.failed()) {
                          promise.tryFail(
                              new UpstreamFailure(
                                  UpstreamFailure.Kind.RESET,
                                  "expert "
                                      + expert.name()
                                      + " failed the request: "
                                      + r.cause().getMessage()));
                          return;
                        }
                        HttpClientResponse resp = r.result();
                        int status = resp.statusCode();
                        if (UpstreamFailure.retryableStatus(status)) {
                          resp.body(); // drain so the connection returns to the pool
                          promise.tryFail(
                              new UpstreamFailure(
                                  UpstreamFailure.Kind.STATUS,
                                  "expert " + expert.name() + " answered HTTP " + status,
                                  status,
                                  retryAfter(resp.getHeader("retry-after"))));
                        } else if (!promise.tryComplete(resp)) {
                          req.reset();
                        }
                      });
            });
    return promise.future().onComplete(x -> vertx.cancelTimer(firstByteTimer));
  }

  private static long retryAfter(String header) {
    if (header == null) {
      return 0;
    }
    try {
      return Math.max(0, Long.parseLong(header.trim()));
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
