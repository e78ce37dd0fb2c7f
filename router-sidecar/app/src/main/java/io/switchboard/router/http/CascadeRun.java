package io.switchboard.router.http;

import io.switchboard.router.config.Timeouts;
import io.switchboard.router.core.spi.Decision;
import io.switchboard.router.core.spi.EscalationPlan;
import io.switchboard.router.core.spi.ExpertReply;
import io.switchboard.router.core.spi.Verdict;
import io.switchboard.router.upstream.AttemptHandle;
import io.switchboard.router.upstream.BufferedReply;
import io.switchboard.router.upstream.ExpertRuntime;
import io.switchboard.router.upstream.UpstreamFailure;
import io.vertx.core.AsyncResult;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Carries out a cascade {@code RequestPlan} (see {@link EscalationPlan}): buffer each stage's
 * answer, account it, ask the plan's check, and either deliver it or escalate to the next stage,
 * within the plan's added-latency budget. The last stage's answer is delivered unchecked.
 */
final class CascadeRun {
  private final ProxyCall call;
  private final DataPlane dp;
  private final CallRecord record;
  private final List<String> stages;
  private final EscalationPlan escalation;

  /** The usage the current stage's answer reported ({@code NONE} when it reported none). */
  private UpstreamUsage stageUsage;

  CascadeRun(ProxyCall call) {
    this.call = call;
    this.dp = call.dp;
    this.record = call.record;
    this.stages = call.plan.chain();
    this.escalation = call.plan.escalation();
  }

  void run() {
    runStage(0, 0);
  }

  /**
   * @param rejectedNanos upstream time spent on stages whose answers were rejected
   */
  private void runStage(int stage, long rejectedNanos) {
    if (call.clientGone()) {
      return;
    }
    if (stage >= stages.size()) {
      record.finishWithFailure();
      return;
    }
    Timeouts timeouts = call.attemptTimeouts();
    if (timeouts == null) {
      record.fail(call.deadlinePassed());
      return;
    }
    ExpertRuntime r = call.state.experts().get(stages.get(stage));
    if (!(r.healthy() && r.breaker().tryAcquire())) {
      record.lastFailure(
          new UpstreamFailure(
              UpstreamFailure.Kind.UNAVAILABLE, "expert " + r.name() + " is unavailable"));
      runStage(stage + 1, rejectedNanos);
      return;
    }
    call.handle = new AttemptHandle();
    long sent = System.nanoTime();
    r.started();
    Buffer upstreamBody = call.upstreamBody(r, escalation.requestLogprobs());
    dp.exchange
        .buffered(
            r,
            dp.exchange.post(r, call.endpoint.path(), call.requestId, call.parsed.stream()),
            upstreamBody,
            timeouts,
            call.handle)
        .onComplete(ar -> onStageReply(r, stage, rejectedNanos, sent, ar));
  }

  private void onStageReply(
      ExpertRuntime r, int stage, long rejectedNanos, long sent, AsyncResult<BufferedReply> ar) {
    r.finished();
    record.addUpstreamNanos(System.nanoTime() - sent);
    if (call.clientGone()) {
      return;
    }
    if (ar.failed() || ar.result().status() / 100 != 2) {
      UpstreamFailure f =
          ar.failed() && ar.cause() instanceof UpstreamFailure uf
              ? uf
              : new UpstreamFailure(
                  UpstreamFailure.Kind.STATUS,
                  "expert " + r.name() + " failed",
                  ar.failed() ? 502 : ar.result().status(),
                  0);
      r.breaker().onFailure();
      dp.metrics.upstreamError(call.policy.name(), r.name(), f.tag());
      record.lastFailure(f);
      runStage(stage + 1, rejectedNanos);
      return;
    }
    BufferedReply reply = ar.result();
    byte[] bytes = reply.body().getBytes();
    stageUsage = UpstreamUsage.NONE;
    CompletionReader.Answer answer;
    boolean sse =
        reply.contentType() != null && reply.contentType().startsWith("text/event-stream");
    try {
      if (sse) {
        answer = dp.reader.answerFromSse(bytes, 0, bytes.length, u -> stageUsage = u);
      } else {
        stageUsage = dp.reader.usage(bytes, 0, bytes.length);
        answer = dp.reader.answer(bytes, 0, bytes.length);
      }
    } catch (IOException | RuntimeException e) {
      r.breaker().onFailure();
      record.lastFailure(
          new UpstreamFailure(
              UpstreamFailure.Kind.INVALID_RESPONSE,
              "expert " + r.name() + " returned an invalid body"));
      runStage(stage + 1, rejectedNanos);
      return;
    }
    r.breaker().onSuccess();
    r.observeLatency(reply.totalNanos() / 1e6, reply.firstByteNanos() / 1e6);
    boolean reported = stageUsage.present();
    UpstreamUsage u = reported ? stageUsage : record.estimateUsage(answer.text());
    record.accountUsage(r, u, !reported);
    boolean last =
        stage + 1 >= stages.size()
            || (rejectedNanos + reply.totalNanos()) / 1_000_000 > escalation.maxAddedLatencyMs();
    if (last) {
      deliver(r, reply, stage, "last");
      return;
    }
    ExpertReply er =
        new ExpertReply(
            r.name(),
            answer.text(),
            answer.logprobs(),
            answer.finishReason(),
            u.promptTokens(),
            u.completionTokens(),
            !reported,
            reply.totalNanos() / 1_000_000);
    CompletionStage<Verdict> verdict;
    try {
      verdict = escalation.check().evaluate(call.routingRequest, er, stage);
    } catch (RuntimeException e) {
      deliver(r, reply, stage, "check-error");
      return;
    }
    verdict.whenComplete(
        (v, err) ->
            call.context.runOnContext(
                x -> {
                  if (v != null
                      && v.reason().startsWith("judge")
                      && !Double.isNaN(v.confidence())) {
                    // A judge's grade is a quality grade of this expert's answer.
                    dp.metrics.qualityGrade(call.policy.name(), r.name(), "judge", v.confidence());
                  }
                  if (err != null || v == null) {
                    deliver(r, reply, stage, "check-error");
                  } else if (v.accept()) {
                    deliver(r, reply, stage, v.reason());
                  } else {
                    dp.metrics.decision(call.policy.name(), call.modeName, r.name(), "escalated");
                    runStage(stage + 1, rejectedNanos + reply.totalNanos());
                  }
                }));
  }

  private void deliver(ExpertRuntime r, BufferedReply reply, int stage, String reason) {
    if (call.clientGone()) {
      return;
    }
    Decision d = call.decision;
    call.decision =
        new Decision(
            d.expert(), d.reason() + "; stage=" + stage + "; " + reason, d.fallbacks(), escalation);
    call.writeHead(
        reply.status(),
        reply.contentType() == null ? "application/json" : reply.contentType(),
        r.name());
    dp.metrics.timeToFirstToken(call.policy.name(), r.name(), System.nanoTime() - call.startNanos);
    record.record(r.name(), reply.status(), true);
    call.response.end(reply.body());
  }
}
