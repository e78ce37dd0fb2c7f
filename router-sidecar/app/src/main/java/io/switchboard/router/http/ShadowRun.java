package io.switchboard.router.http;

import io.switchboard.router.config.ShadowParams;
import io.switchboard.router.config.Timeouts;
import io.switchboard.router.core.accounting.UsageRecord;
import io.switchboard.router.core.plan.ShadowComparison;
import io.switchboard.router.core.spi.Candidates;
import io.switchboard.router.core.spi.Decision;
import io.switchboard.router.core.spi.RoutingStrategy;
import io.switchboard.router.upstream.AttemptHandle;
import io.switchboard.router.upstream.BufferedReply;
import io.switchboard.router.upstream.ExpertRuntime;
import io.vertx.core.AsyncResult;
import java.io.IOException;
import java.util.concurrent.CompletionStage;
import org.jboss.logging.Logger;

/**
 * The shadow evaluation of one sampled request: the shadow mode's strategy decides on the same
 * candidates while the primary's plan is carried out, and once both the shadow's choice and the
 * served answer are known the two are compared ({@link ShadowComparison}) and counted. Nothing here
 * touches the client's response. With {@code mirror}, a shadow choice that differs from the served
 * expert is called after the client has its answer, and its reported usage replaces the estimate;
 * that call is booked to tenant {@value ShadowParams#MIRROR_TENANT}. Event-loop confined like the
 * call.
 */
final class ShadowRun {
  private static final Logger LOG = Logger.getLogger(ShadowRun.class);

  private final ProxyCall call;
  private final DataPlane dp;
  private final ShadowParams shadow;
  private final String shadowMode;
  private Decision shadowDecision;
  private boolean shadowFailed;
  private String servedExpert;
  private double servedCostUsd;
  private UpstreamUsage servedUsage;
  private boolean done;

  ShadowRun(ProxyCall call, ShadowParams shadow) {
    this.call = call;
    this.dp = call.dp;
    this.shadow = shadow;
    this.shadowMode = shadow.mode().wireName();
  }

  /** Asks the shadow strategy; its answer is kept until the served answer is known. */
  void decide(RoutingStrategy strategy, Candidates candidates) {
    CompletionStage<Decision> stage;
    try {
      stage = strategy.route(call.routingRequest, candidates);
    } catch (RuntimeException e) {
      onDecision(null, e);
      return;
    }
    stage.whenComplete((d, err) -> call.context.runOnContext(v -> onDecision(d, err)));
  }

  private void onDecision(Decision d, Throwable err) {
    if (err != null || d == null || !call.state.experts().containsKey(d.expert())) {
      shadowFailed = true;
      LOG.debugf(
          "request %s: shadow %s did not decide: %s",
          call.requestId, shadowMode, err == null ? "no known expert" : err.toString());
    } else {
      shadowDecision = d;
    }
    tryFinish();
  }

  /** The client's answer was served by {@code expert} at {@code costUsd} (all attempts). */
  void served(String expert, double costUsd, UpstreamUsage usage) {
    servedExpert = expert;
    servedCostUsd = costUsd;
    servedUsage = usage;
    tryFinish();
  }

  private void tryFinish() {
    if (done || servedExpert == null || (shadowDecision == null && !shadowFailed)) {
      return;
    }
    done = true;
    String policy = call.policy.name();
    if (shadowFailed) {
      dp.metrics.shadowFailure(policy, shadowMode, "no-decision");
      return;
    }
    ExpertRuntime shadowExpert = call.state.experts().get(shadowDecision.expert());
    if (shadow.mirror() && !shadowExpert.name().equals(servedExpert)) {
      // After the client's answer has been written, never competing with it.
      call.context.runOnContext(v -> mirror(shadowExpert));
      return;
    }
    dp.metrics.shadowSample(
        policy,
        shadowMode,
        ShadowComparison.estimated(
            servedExpert,
            servedCostUsd,
            shadowExpert.config(),
            Math.max(0, servedUsage.promptTokens()),
            Math.max(0, servedUsage.completionTokens())));
  }

  /** Sends the request to the shadow's expert as well; the client never sees the answer. */
  private void mirror(ExpertRuntime r) {
    Timeouts t = call.policy.timeouts();
    if (!(r.healthy() && r.breaker().tryAcquire())) {
      dp.metrics.shadowFailure(call.policy.name(), shadowMode, "mirror-unavailable");
      return;
    }
    r.started();
    dp.exchange
        .buffered(
            r,
            dp.exchange.post(r, call.endpoint.path(), call.requestId, call.parsed.stream()),
            call.upstreamBody(r, false),
            t,
            new AttemptHandle())
        .onComplete(ar -> onMirrorReply(r, ar));
  }

  private void onMirrorReply(ExpertRuntime r, AsyncResult<BufferedReply> ar) {
    r.finished();
    String policy = call.policy.name();
    if (ar.failed() || ar.result().status() / 100 != 2) {
      r.breaker().onFailure();
      dp.metrics.shadowFailure(policy, shadowMode, "mirror-failed");
      return;
    }
    r.breaker().onSuccess();
    byte[] bytes = ar.result().body().getBytes();
    String contentType = ar.result().contentType();
    UpstreamUsage[] usage = {UpstreamUsage.NONE};
    String text;
    try {
      if (contentType != null && contentType.startsWith("text/event-stream")) {
        text = dp.reader.answerFromSse(bytes, 0, bytes.length, u -> usage[0] = u).text();
      } else {
        usage[0] = dp.reader.usage(bytes, 0, bytes.length);
        text = dp.reader.answer(bytes, 0, bytes.length).text();
      }
    } catch (IOException | RuntimeException e) {
      dp.metrics.shadowFailure(policy, shadowMode, "mirror-invalid");
      return;
    }
    boolean estimated = !usage[0].present();
    UpstreamUsage u = estimated ? call.record.estimateUsage(text) : usage[0];
    double cost = r.config().costUsd(u.promptTokens(), u.completionTokens());
    // Real spend: it counts against budgets like any call, under its own tenant.
    dp.ledger.record(
        new UsageRecord(
            policy,
            r.name(),
            ShadowParams.MIRROR_TENANT,
            u.promptTokens(),
            u.completionTokens(),
            estimated,
            cost));
    dp.metrics.tokens(policy, r.name(), u.promptTokens(), u.completionTokens(), estimated);
    dp.metrics.cost(policy, r.name(), ShadowParams.MIRROR_TENANT, cost);
    dp.metrics.shadowSample(
        policy,
        shadowMode,
        new ShadowComparison(servedExpert, servedCostUsd, r.name(), cost, true));
  }
}
