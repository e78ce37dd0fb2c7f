package io.switchboard.router.http;

import io.switchboard.router.config.Timeouts;
import io.switchboard.router.core.spi.Endpoint;
import io.switchboard.router.upstream.AttemptHandle;
import io.switchboard.router.upstream.BufferedReply;
import io.switchboard.router.upstream.ExpertRuntime;
import io.switchboard.router.upstream.UpstreamFailure;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.jboss.logging.Logger;

/**
 * Carries out a plain (non-cascade) {@code RequestPlan}: retries on one expert with jittered
 * exponential backoff, then the next expert of the plan's chain, until one answers before any byte
 * reached the client. Buffered answers are relayed here, streams by {@link StreamedAnswer}.
 */
final class AttemptChain {
  private static final Logger LOG = Logger.getLogger(AttemptChain.class);

  private final ProxyCall call;
  private final DataPlane dp;
  private final CallRecord record;
  private final List<String> chain;
  private int chainIndex;
  private int triesOnCurrent;

  AttemptChain(ProxyCall call) {
    this.call = call;
    this.dp = call.dp;
    this.record = call.record;
    this.chain = call.plan.chain();
  }

  void attemptNext() {
    if (call.clientGone()) {
      return;
    }
    while (chainIndex < chain.size()) {
      Timeouts timeouts = call.attemptTimeouts();
      if (timeouts == null) {
        record.fail(call.deadlinePassed());
        return;
      }
      ExpertRuntime r = call.state.experts().get(chain.get(chainIndex));
      if (r.healthy() && r.breaker().tryAcquire()) {
        send(r, timeouts);
        return;
      }
      if (record.lastFailure() == null) {
        record.lastFailure(
            new UpstreamFailure(
                UpstreamFailure.Kind.UNAVAILABLE,
                "expert " + r.name() + " is unavailable (unhealthy or circuit open)"));
      }
      chainIndex++;
      triesOnCurrent = 0;
    }
    record.finishWithFailure();
  }

  private void send(ExpertRuntime r, Timeouts timeouts) {
    if (LOG.isDebugEnabled()) {
      LOG.debugf(
          "request %s: sending to %s after %d us",
          call.requestId, r.name(), (System.nanoTime() - call.startNanos) / 1000);
    }
    Buffer upstreamBody = call.upstreamBody(r, false);
    AttemptHandle h = new AttemptHandle();
    call.handle = h;
    long sent = System.nanoTime();
    r.started();
    var options = dp.exchange.post(r, call.endpoint.path(), call.requestId, call.parsed.stream());
    if (call.isPeer(r)) {
      options.putHeader(
          ProxyCall.OFFLOADED_HEADER, call.policy.namespace() + "/" + call.policy.name());
    }
    if (call.parsed.stream() && call.endpoint != Endpoint.EMBEDDINGS) {
      dp.exchange
          .open(r, options, upstreamBody, timeouts, h)
          .onComplete(
              ar -> {
                if (ar.failed()) {
                  attemptFailed(r, sent, ar.cause());
                } else {
                  new StreamedAnswer(call, this, r, sent, ar.result(), h).relay();
                }
              });
    } else {
      dp.exchange
          .buffered(r, options, upstreamBody, timeouts, h)
          .onComplete(
              ar -> {
                if (ar.failed()) {
                  attemptFailed(r, sent, ar.cause());
                } else {
                  onBuffered(r, ar.result());
                }
              });
    }
  }

  void attemptFailed(ExpertRuntime r, long sent, Throwable cause) {
    r.finished();
    record.addUpstreamNanos(System.nanoTime() - sent);
    if (call.clientGone()) {
      return;
    }
    UpstreamFailure f =
        cause instanceof UpstreamFailure uf
            ? uf
            : new UpstreamFailure(UpstreamFailure.Kind.RESET, "expert " + r.name() + ": " + cause);
    r.breaker().onFailure();
    dp.metrics.upstreamError(call.policy.name(), r.name(), f.tag());
    record.lastFailure(f);
    retryOrFallback(r);
  }

  private void retryOrFallback(ExpertRuntime r) {
    if (triesOnCurrent < call.policy.retries().attempts()) {
      long base = call.policy.retries().backoffCeilingMs(triesOnCurrent);
      long delay = base <= 0 ? 0 : ThreadLocalRandom.current().nextLong(base + 1);
      if (call.msLeft() <= delay) {
        // No time for another try here or anywhere else.
        record.fail(call.deadlinePassed());
        return;
      }
      if (r.breaker().tryAcquire()) {
        triesOnCurrent++;
        dp.metrics.retry(call.policy.name(), r.name());
        if (delay == 0) {
          retryAfterBackoff(r);
        } else {
          dp.vertx.setTimer(
              delay,
              id -> {
                if (!call.clientGone()) {
                  retryAfterBackoff(r);
                }
              });
        }
        return;
      }
    }
    dp.metrics.fallback(call.policy.name(), r.name());
    chainIndex++;
    triesOnCurrent = 0;
    attemptNext();
  }

  /** The breaker's permit is held: send, unless the deadline passed while backing off. */
  private void retryAfterBackoff(ExpertRuntime r) {
    Timeouts timeouts = call.attemptTimeouts();
    if (timeouts == null) {
      r.breaker().release();
      record.fail(call.deadlinePassed());
      return;
    }
    send(r, timeouts);
  }

  void onBuffered(ExpertRuntime r, BufferedReply reply) {
    r.finished();
    record.addUpstreamNanos(reply.totalNanos());
    if (call.clientGone()) {
      return;
    }
    Buffer b = reply.body();
    if (reply.status() / 100 != 2) {
      // A client error the expert judged (e.g. context too long): not the expert's fault, not
      // retryable.
      r.breaker().onSuccess();
      call.writeHead(
          reply.status(),
          reply.contentType() == null ? "application/json" : reply.contentType(),
          r.name());
      record.complete(r, reply.status(), UpstreamUsage.NONE, null, false);
      call.response.end(b);
      return;
    }
    UpstreamUsage usage;
    byte[] bytes = b.getBytes();
    try {
      usage = dp.reader.usage(bytes, 0, bytes.length);
    } catch (IOException | RuntimeException e) {
      r.breaker().onFailure();
      dp.metrics.upstreamError(
          call.policy.name(), r.name(), UpstreamFailure.Kind.INVALID_RESPONSE.tag());
      record.lastFailure(
          new UpstreamFailure(
              UpstreamFailure.Kind.INVALID_RESPONSE,
              "expert " + r.name() + " returned an invalid body: " + e.getMessage()));
      retryOrFallback(r);
      return;
    }
    r.breaker().onSuccess();
    r.observeLatency(reply.totalNanos() / 1e6, reply.firstByteNanos() / 1e6);
    call.writeHead(
        200, reply.contentType() == null ? "application/json" : reply.contentType(), r.name());
    dp.metrics.timeToFirstToken(call.policy.name(), r.name(), System.nanoTime() - call.startNanos);
    // Account before the last byte leaves, so usage is visible once the client has its answer.
    record.complete(r, 200, usage, usage.present() ? null : bytes, false);
    call.response.end(b);
    if (call.wantsAnswer(r)) {
      call.answered(r.name(), bytes, bytes.length, false);
    }
  }
}
