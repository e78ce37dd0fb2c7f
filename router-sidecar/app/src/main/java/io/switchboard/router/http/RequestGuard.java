package io.switchboard.router.http;

import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Runs before every route: refuses oversized request heads with an OpenAI-shaped error, and asks
 * clients to reconnect elsewhere while the router drains for shutdown.
 *
 * <p>Netty refuses a head over {@code quarkus.http.limits.max-header-size} (or a request line over
 * {@code max-initial-line-length}) itself, with an empty body that no OpenAI SDK can read. So the
 * router lets Netty accept four times more than it serves and answers 431/414 here, with a body;
 * only heads beyond Netty's larger limit still get Netty's empty reply.
 *
 * <p>On SIGTERM Quarkus waits {@code quarkus.shutdown.delay} with readiness down, so the Service
 * stops sending new connections; responses in that window carry {@code connection: close}, so a
 * client's pooled keep-alive connection is closed after a complete response instead of being cut
 * when the server stops (which lost one request per idle connection on restart).
 */
@ApplicationScoped
public class RequestGuard {
  private static final Logger LOG = Logger.getLogger(RequestGuard.class);

  /** Largest request head the router serves: all header names and values. */
  static final int MAX_HEADER_BYTES = 32 * 1024;

  static final int MAX_HEADERS = 256;
  static final int MAX_URI_CHARS = 8 * 1024;

  private final ApiErrors errors = new ApiErrors();
  private volatile boolean draining;

  void register(@Observes Router router) {
    router.route().order(-1000).handler(this::guard);
  }

  void onShutdownDelay(@Observes ShutdownDelayInitiatedEvent event) {
    LOG.info("shutdown delay started: answering with connection: close until the router stops");
    draining = true;
  }

  boolean draining() {
    return draining;
  }

  private void guard(RoutingContext ctx) {
    if (draining) {
      ctx.response().putHeader("connection", "close");
    }
    if (ctx.request().uri().length() > MAX_URI_CHARS) {
      refuse(ctx, 414, "uri_too_long", "request URI exceeds " + MAX_URI_CHARS + " characters");
      return;
    }
    MultiMap headers = ctx.request().headers();
    // One pass over the entries: MultiMap.size() counts distinct names through a sorted set built
    // per call, which was a measurable share of every request's allocation.
    int count = 0;
    long bytes = 0;
    for (Map.Entry<String, String> h : headers) {
      count++;
      bytes += h.getKey().length() + h.getValue().length() + 4;
    }
    if (count > MAX_HEADERS) {
      refuse(ctx, 431, "header_fields_too_large", "more than " + MAX_HEADERS + " request headers");
      return;
    }
    if (bytes > MAX_HEADER_BYTES) {
      refuse(
          ctx,
          431,
          "header_fields_too_large",
          "request headers exceed " + MAX_HEADER_BYTES + " bytes");
      return;
    }
    ctx.next();
  }

  private void refuse(RoutingContext ctx, int status, String code, String message) {
    ctx.response().putHeader("connection", "close");
    errors.send(ctx.response(), status, "invalid_request_error", code, message, 0);
  }
}
