package io.switchboard.router.http;

import io.switchboard.router.core.accounting.UsageRecord;
import io.switchboard.router.core.spi.Decision;
import io.switchboard.router.core.spi.Endpoint;
import io.switchboard.router.core.spi.Feedback;
import io.switchboard.router.upstream.ExpertRuntime;
import io.switchboard.router.upstream.UpstreamFailure;
import io.vertx.core.http.HttpServerResponse;
import java.io.IOException;
import java.time.Instant;
import java.util.Locale;
import java.util.OptionalDouble;
import org.jboss.logging.Logger;

/**
 * The accounting of one {@link ProxyCall}: usage and cost of every attempt, the last upstream
 * failure, the request metric and outcome recorded exactly once, the strategy's feedback, and the
 * error answer when no attempt succeeded. Event-loop confined like the call.
 */
final class CallRecord {
  private static final Logger LOG = Logger.getLogger(CallRecord.class);

  private final ProxyCall call;
  private final DataPlane dp;
  private final String tenant;
  private long upstreamNanos;
  private double costUsd;

  /** Usage of the last accounted answer: the one the client receives. */
  private UpstreamUsage servedUsage = UpstreamUsage.NONE;

  private UpstreamFailure lastFailure;
  private boolean clientGone;
  private boolean done;

  CallRecord(ProxyCall call, String tenant) {
    this.call = call;
    this.dp = call.dp;
    this.tenant = tenant;
  }

  boolean clientGone() {
    return clientGone;
  }

  void addUpstreamNanos(long nanos) {
    upstreamNanos += nanos;
  }

  UpstreamFailure lastFailure() {
    return lastFailure;
  }

  void lastFailure(UpstreamFailure failure) {
    lastFailure = failure;
  }

  /** Accounts a finished attempt ({@code usage} estimated when absent) and records the request. */
  void complete(
      ExpertRuntime r, int status, UpstreamUsage usage, byte[] bodyForEstimate, boolean streamed) {
    if (status / 100 == 2) {
      boolean estimated = !usage.present();
      UpstreamUsage u = usage;
      if (estimated) {
        long prompt = call.routingRequest.features().estimatedPromptTokens();
        long completion = usage.completionTokens() >= 0 ? usage.completionTokens() : 0;
        if (bodyForEstimate != null && call.endpoint != Endpoint.EMBEDDINGS) {
          try {
            completion =
                dp.estimator.fromText(
                    dp.reader.answer(bodyForEstimate, 0, bodyForEstimate.length).text());
          } catch (IOException | RuntimeException e) {
            completion = 0;
          }
        }
        u = new UpstreamUsage(prompt, call.endpoint == Endpoint.EMBEDDINGS ? 0 : completion);
      }
      accountUsage(r, u, estimated);
    }
    record(r.name(), status, status / 100 == 2);
  }

  /** Usage of a completion whose answer carried none: the prompt and the answer text, estimated. */
  UpstreamUsage estimateUsage(String completionText) {
    return new UpstreamUsage(
        call.routingRequest.features().estimatedPromptTokens(),
        dp.estimator.fromText(completionText));
  }

  void accountUsage(ExpertRuntime r, UpstreamUsage u, boolean estimated) {
    double cost = r.config().costUsd(u.promptTokens(), u.completionTokens());
    String policy = call.policy.name();
    dp.ledger.record(
        new UsageRecord(
            policy, r.name(), tenant, u.promptTokens(), u.completionTokens(), estimated, cost));
    dp.metrics.tokens(policy, r.name(), u.promptTokens(), u.completionTokens(), estimated);
    dp.metrics.cost(policy, r.name(), tenant, cost);
    dp.tenantLimits.charge(tenant, u.promptTokens() + u.completionTokens(), cost, Instant.now());
    costUsd += cost;
    servedUsage = u;
  }

  /** Records the request's outcome once: metric, recent outcome, the strategy's feedback. */
  void record(String expert, int status, boolean success) {
    if (done) {
      return;
    }
    done = true;
    long total = System.nanoTime() - call.startNanos;
    dp.metrics.request(call.policy.name(), expert, tenant, status, total, upstreamNanos);
    long latencyMs = total / 1_000_000;
    dp.outcomes.put(
        call.requestId, new RecentOutcomes.Outcome(expert, latencyMs, costUsd, success, tenant));
    if (success && call.shadow != null) {
      call.shadow.served(expert, costUsd, servedUsage);
    }
    if (call.plan != null && call.plan.feedsStrategy()) {
      Feedback feedback =
          new Feedback(
              call.requestId,
              expert,
              OptionalDouble.empty(),
              latencyMs,
              costUsd,
              success,
              Feedback.Source.OUTCOME);
      try {
        call.state.strategy().feedback(feedback);
        if (call.state.shadowStrategy() != null) {
          call.state.shadowStrategy().feedback(feedback);
        }
      } catch (RuntimeException e) {
        LOG.warnf("strategy %s feedback failed: %s", call.modeName, e);
      }
    }
  }

  /** Answers with {@code failure} (no expert could serve) and records it. */
  void fail(UpstreamFailure failure) {
    lastFailure = failure;
    finishWithFailure();
  }

  /** Answers with the last failure (or "no expert is available") and records it. */
  void finishWithFailure() {
    UpstreamFailure f =
        lastFailure != null
            ? lastFailure
            : new UpstreamFailure(UpstreamFailure.Kind.UNAVAILABLE, "no expert is available");
    String type = f.status() == 429 ? "rate_limit_error" : "upstream_error";
    dp.errors.send(
        responseWithIds(),
        f.status(),
        type,
        f.tag(),
        f.getMessage(),
        f.status() == 429 ? Math.max(1, f.retryAfterSeconds()) : 0);
    record(call.decision == null ? "none" : call.decision.expert(), f.status(), false);
  }

  /** Refuses the request before any expert was involved. */
  void reject(int status, String type, String code, String message, long retryAfter) {
    dp.errors.send(responseWithIds(), status, type, code, message, retryAfter);
    done = true;
    dp.metrics.request(
        call.policy.name(), "none", tenant, status, System.nanoTime() - call.startNanos, -1);
  }

  /**
   * The {@code x-switchboard-decision} suffix carrying a learned strategy's predicted quality of
   * the expert it chose ({@code ; q=0.812}), empty when it predicts none.
   */
  static String predictedQuality(Decision decision) {
    return decision.predictedQuality().isPresent()
        ? String.format(Locale.ROOT, "; q=%.3f", decision.predictedQuality().getAsDouble())
        : "";
  }

  private HttpServerResponse responseWithIds() {
    HttpServerResponse response = call.response;
    if (!response.headWritten()) {
      response.putHeader("x-request-id", call.requestId);
      if (call.decision != null) {
        response.putHeader(
            "x-switchboard-decision",
            call.modeName + "; " + call.decision.reason() + predictedQuality(call.decision));
      }
    }
    return response;
  }

  void onClientGone() {
    if (done && call.response.ended()) {
      return;
    }
    clientGone = true;
    if (call.handle != null) {
      call.handle.cancel();
    }
    if (!done) {
      done = true;
      dp.metrics.request(
          call.policy.name(),
          call.decision == null ? "none" : call.decision.expert(),
          tenant,
          499,
          System.nanoTime() - call.startNanos,
          upstreamNanos);
    }
  }
}
