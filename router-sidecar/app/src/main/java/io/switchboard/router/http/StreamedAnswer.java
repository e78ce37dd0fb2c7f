package io.switchboard.router.http;

import io.switchboard.router.upstream.AttemptHandle;
import io.switchboard.router.upstream.BufferedReply;
import io.switchboard.router.upstream.ExpertRuntime;
import io.switchboard.router.upstream.UpstreamFailure;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpServerResponse;
import org.jboss.logging.Logger;

/**
 * Relays one streamed upstream answer to the client, frame by frame, with backpressure and the
 * policy's total timeout. Once the first byte is out the status cannot change, so a stream that
 * breaks ends with an SSE error event instead of a fallback. An upstream that answers without a
 * stream (an error, or a server ignoring {@code stream}) goes back to {@link AttemptChain} as a
 * buffered reply.
 */
final class StreamedAnswer {
  private static final Logger LOG = Logger.getLogger(StreamedAnswer.class);

  /**
   * Streamed answers longer than this are not handed to answer-learning strategies (bounds memory
   * per request).
   */
  private static final int MAX_CAPTURED_ANSWER_BYTES = 256 * 1024;

  private final ProxyCall call;
  private final AttemptChain chain;
  private final DataPlane dp;
  private final CallRecord record;
  private final HttpServerResponse response;
  private final ExpertRuntime r;
  private final long sent;
  private final long firstByteNanos;
  private final HttpClientResponse upstream;
  private final AttemptHandle handle;

  /** A bounded copy of the streamed text for a strategy that learns from answers; else null. */
  private Buffer captured;

  private boolean firstFrame = true;

  /**
   * Frames relayed in this event-loop turn, not yet written: written once the turn's other events
   * ran, or with the end of the stream when that arrived in the same read. An upstream that sends
   * its whole answer at once then costs one write and one flush to the client instead of two.
   */
  private Buffer pending;

  /** Ended: completed, broken off, or timed out; later events are ignored. */
  private boolean over;

  private long totalTimer;

  StreamedAnswer(
      ProxyCall call,
      AttemptChain chain,
      ExpertRuntime r,
      long sent,
      HttpClientResponse upstream,
      AttemptHandle handle) {
    this.call = call;
    this.chain = chain;
    this.dp = call.dp;
    this.record = call.record;
    this.response = call.response;
    this.r = r;
    this.sent = sent;
    this.firstByteNanos = System.nanoTime() - sent;
    this.upstream = upstream;
    this.handle = handle;
  }

  void relay() {
    if (call.clientGone()) {
      r.finished();
      handle.cancel();
      return;
    }
    String contentType = upstream.getHeader("content-type");
    if (upstream.statusCode() != 200
        || contentType == null
        || !contentType.startsWith("text/event-stream")) {
      relayBuffered(contentType);
      return;
    }
    call.writeHead(200, contentType, r.name());
    response.setChunked(true);
    SseRelay relay = new SseRelay(call.addsUsage());
    captured = call.wantsAnswer(r) ? Buffer.buffer(4096) : null;
    // The request's deadline bounds the stream too (at least 1 ms: a timer needs a positive delay).
    long totalMs = Math.max(1, Math.min(call.policy.timeouts().totalMs(), call.msLeft()));
    totalTimer =
        dp.vertx.setTimer(
            totalMs,
            id -> {
              if (!over) {
                over = true;
                handle.cancel();
                broken(
                    "expert " + r.name() + " did not finish within " + totalMs + " ms",
                    "total-timeout");
              }
            });
    upstream.handler(buf -> onFrames(relay, buf));
    upstream.exceptionHandler(
        err -> {
          if (!over) {
            over = true;
            dp.vertx.cancelTimer(totalTimer);
            if (call.clientGone()) {
              // We reset it ourselves because the client left: not the expert's fault.
              r.finished();
              record.addUpstreamNanos(System.nanoTime() - sent);
              return;
            }
            broken("expert " + r.name() + " broke off the stream: " + err.getMessage(), "reset");
          }
        });
    upstream.endHandler(v -> onEnd(relay));
  }

  /** Not a stream: read it whole and let the attempt chain handle it as a buffered reply. */
  private void relayBuffered(String contentType) {
    upstream
        .body()
        .onComplete(
            ar -> {
              if (ar.failed()) {
                chain.attemptFailed(
                    r,
                    sent,
                    new UpstreamFailure(
                        UpstreamFailure.Kind.RESET,
                        "expert " + r.name() + " broke off: " + ar.cause().getMessage()));
              } else {
                chain.onBuffered(
                    r,
                    new BufferedReply(
                        upstream.statusCode(),
                        contentType,
                        ar.result(),
                        firstByteNanos,
                        System.nanoTime() - sent));
              }
            });
  }

  private void onFrames(SseRelay relay, Buffer buf) {
    if (over) {
      return;
    }
    if (captured != null) {
      captured =
          captured.length() + buf.length() > MAX_CAPTURED_ANSWER_BYTES
              ? null
              : captured.appendBuffer(buf);
    }
    Buffer out = relay.accept(buf);
    if (out.length() > 0) {
      if (firstFrame) {
        firstFrame = false;
        dp.metrics.timeToFirstToken(
            call.policy.name(), r.name(), System.nanoTime() - call.startNanos);
        if (LOG.isDebugEnabled()) {
          LOG.debugf(
              "request %s: upstream headers after %d us, first frame forwarded after %d us",
              call.requestId,
              (sent + firstByteNanos - call.startNanos) / 1000,
              (System.nanoTime() - call.startNanos) / 1000);
        }
      }
      if (pending == null) {
        pending = out;
        call.context.runOnContext(v -> writePending());
      } else {
        pending =
            Buffer.buffer(pending.length() + out.length()).appendBuffer(pending).appendBuffer(out);
      }
    }
  }

  private void writePending() {
    Buffer out = pending;
    pending = null;
    if (out == null || over || call.clientGone() || response.ended()) {
      return;
    }
    response.write(out);
    if (response.writeQueueFull()) {
      upstream.pause();
      response.drainHandler(v -> upstream.resume());
    }
  }

  /** {@code tail} after the frames not yet written. */
  private Buffer withPending(Buffer tail) {
    Buffer out = pending;
    pending = null;
    return out == null
        ? tail
        : Buffer.buffer(out.length() + tail.length()).appendBuffer(out).appendBuffer(tail);
  }

  private void onEnd(SseRelay relay) {
    if (over) {
      return;
    }
    over = true;
    dp.vertx.cancelTimer(totalTimer);
    r.finished();
    long total = System.nanoTime() - sent;
    record.addUpstreamNanos(total);
    r.breaker().onSuccess();
    r.observeLatency(total / 1e6, firstByteNanos / 1e6);
    if (call.clientGone()) {
      return;
    }
    Buffer rest = relay.remainder();
    UpstreamUsage usage = relay.usage();
    if (!usage.present()) {
      usage = new UpstreamUsage(-1, relay.contentEvents());
    }
    record.complete(r, 200, usage, null, true);
    response.end(withPending(rest));
    if (captured != null) {
      byte[] streamed = captured.getBytes();
      call.answered(r.name(), streamed, streamed.length, true);
    }
  }

  /** The stream already started, so the status cannot change: end it with an SSE error event. */
  private void broken(String message, String kind) {
    r.finished();
    record.addUpstreamNanos(System.nanoTime() - sent);
    r.breaker().onFailure();
    dp.metrics.upstreamError(call.policy.name(), r.name(), kind);
    if (!call.clientGone() && !response.ended()) {
      StringBuilder sb = new StringBuilder("data: ");
      sb.append(dp.errors.body(message, "upstream_error", kind).toString()).append("\n\n");
      response.end(withPending(Buffer.buffer(sb.toString())));
    }
    LOG.debugf("request %s: %s", call.requestId, message);
    record.record(r.name(), 502, false);
  }
}
