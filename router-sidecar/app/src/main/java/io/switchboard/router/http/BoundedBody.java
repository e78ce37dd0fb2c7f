package io.switchboard.router.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * Reads a request body into memory under a hard cap, refusing it while it streams in: a {@code
 * Content-Length} over the cap gets 413 before a byte is read, and a chunked (or lying) body gets
 * 413 at the chunk that crosses the cap. Either way the connection is closed, so the rest of the
 * body is never buffered. Vert.x's {@code request.body()} and Quarkus' {@code max-body-size} do
 * neither for routes that read the body themselves: one 200 MB POST used to exhaust the heap.
 *
 * <p>Callers check credentials from the headers first, so an unauthenticated client cannot make the
 * router buffer anything.
 */
final class BoundedBody {
  private static final Logger LOG = Logger.getLogger(BoundedBody.class);

  private BoundedBody() {}

  /**
   * Reads the body of {@code request} (paused by the router) and hands it to {@code onBody} on the
   * event loop, or answers 413 and never calls it.
   */
  static void read(
      HttpServerRequest request,
      HttpServerResponse response,
      ApiErrors errors,
      long maxBytes,
      String requestId,
      Consumer<Buffer> onBody) {
    long declared = declaredLength(request.getHeader("content-length"));
    if (declared > maxBytes) {
      tooLarge(response, errors, requestId, maxBytes);
      return;
    }
    Buffer body = Buffer.buffer(declared > 0 ? (int) declared : 1024);
    BodyState read = new BodyState();
    request.handler(
        chunk -> {
          if (read.refused) {
            return;
          }
          if ((long) body.length() + chunk.length() > maxBytes) {
            read.refused = true;
            tooLarge(response, errors, requestId, maxBytes);
            return;
          }
          body.appendBuffer(chunk);
        });
    request.exceptionHandler(
        err -> LOG.debugf("request %s: client body failed: %s", requestId, err.getMessage()));
    request.endHandler(
        v -> {
          if (!read.refused) {
            onBody.accept(body);
          }
        });
    request.resume();
  }

  /**
   * The declared {@code Content-Length}, or -1 when absent or unreadable (the streaming cap still
   * applies).
   */
  static long declaredLength(String contentLength) {
    if (contentLength == null) {
      return -1;
    }
    try {
      return Long.parseLong(contentLength.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  static void tooLarge(
      HttpServerResponse response, ApiErrors errors, String requestId, long maxBytes) {
    if (requestId != null) {
      response.putHeader("x-request-id", requestId);
    }
    response.putHeader("connection", "close");
    errors.send(
        response,
        413,
        "invalid_request_error",
        "request_too_large",
        "request body exceeds " + maxBytes + " bytes",
        0);
  }

  private static final class BodyState {
    boolean refused;
  }
}
