package io.switchboard.router.http;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.switchboard.router.config.Timeouts;
import io.switchboard.router.core.accounting.UsageRecord;
import io.switchboard.router.core.spi.Endpoint;
import io.switchboard.router.core.spi.ExpertClient;
import io.switchboard.router.core.spi.ExpertReply;
import io.switchboard.router.runtime.RouterState;
import io.switchboard.router.upstream.AttemptHandle;
import io.switchboard.router.upstream.ExpertRuntime;
import io.switchboard.router.upstream.UpstreamFailure;
import io.vertx.core.buffer.Buffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * {@link ExpertClient} over the data plane's pooled clients: one non-streaming attempt with the
 * caller's deadline, circuit breaker bookkeeping, and usage/cost accounted under tenant {@code
 * router}.
 */
final class UpstreamExpertClient implements ExpertClient {
  private final DataPlane dp;

  UpstreamExpertClient(DataPlane dp) {
    this.dp = dp;
  }

  @Override
  public CompletionStage<ExpertReply> complete(
      String expertName, String chatMessagesJson, int maxTokens, Duration timeout) {
    RouterState state = dp.states.current();
    ExpertRuntime r = state == null ? null : state.experts().get(expertName);
    if (r == null) {
      return CompletableFuture.failedFuture(
          new IllegalArgumentException("unknown expert '" + expertName + "'"));
    }
    if (!r.breaker().tryAcquire()) {
      return CompletableFuture.failedFuture(
          new UpstreamFailure(
              UpstreamFailure.Kind.UNAVAILABLE, "expert " + expertName + " circuit open"));
    }
    StringBuilder json = new StringBuilder(chatMessagesJson.length() + 96).append("{\"model\":\"");
    JsonStringEncoder.getInstance().quoteAsString(r.config().model(), json);
    json.append("\",\"stream\":false,\"max_tokens\":")
        .append(maxTokens)
        .append(",\"messages\":")
        .append(chatMessagesJson)
        .append('}');
    Timeouts policyTimeouts = state.config().policy().timeouts();
    long ms = Math.max(1, timeout.toMillis());
    Timeouts t =
        new Timeouts(policyTimeouts.connectMs(), Math.min(ms, policyTimeouts.firstByteMs()), ms);
    CompletableFuture<ExpertReply> out = new CompletableFuture<>();
    String requestId = dp.requestIds.fromClientOrNew(null);
    dp.vertx.runOnContext(
        v -> {
          r.started();
          dp.exchange
              .buffered(
                  r,
                  dp.exchange.post(r, Endpoint.CHAT_COMPLETIONS.path(), requestId, false),
                  Buffer.buffer(json.toString()),
                  t,
                  new AttemptHandle())
              .onComplete(
                  ar -> {
                    r.finished();
                    if (ar.failed() || ar.result().status() / 100 != 2) {
                      r.breaker().onFailure();
                      out.completeExceptionally(
                          ar.failed()
                              ? ar.cause()
                              : new UpstreamFailure(
                                  UpstreamFailure.Kind.STATUS,
                                  "expert " + expertName + " answered HTTP " + ar.result().status(),
                                  ar.result().status(),
                                  0));
                      return;
                    }
                    try {
                      byte[] bytes = ar.result().body().getBytes();
                      UpstreamUsage usage = dp.reader.usage(bytes, 0, bytes.length);
                      CompletionReader.Answer answer = dp.reader.answer(bytes, 0, bytes.length);
                      boolean estimated = !usage.present();
                      long prompt =
                          estimated
                              ? dp.estimator.fromUtf8Bytes(json.length())
                              : usage.promptTokens();
                      long completion =
                          estimated
                              ? dp.estimator.fromText(answer.text())
                              : usage.completionTokens();
                      r.breaker().onSuccess();
                      double cost = r.config().costUsd(prompt, completion);
                      String policy = state.config().policy().name();
                      dp.ledger.record(
                          new UsageRecord(
                              policy, r.name(), "router", prompt, completion, estimated, cost));
                      dp.metrics.tokens(policy, r.name(), prompt, completion, estimated);
                      dp.metrics.cost(policy, r.name(), "router", cost);
                      out.complete(
                          new ExpertReply(
                              r.name(),
                              answer.text(),
                              answer.logprobs(),
                              answer.finishReason(),
                              prompt,
                              completion,
                              estimated,
                              ar.result().totalNanos() / 1_000_000));
                    } catch (Exception e) {
                      r.breaker().onFailure();
                      out.completeExceptionally(
                          new UpstreamFailure(
                              UpstreamFailure.Kind.INVALID_RESPONSE,
                              "expert "
                                  + expertName
                                  + " returned an invalid body: "
                                  + e.getMessage()));
                    }
                  });
        });
    return out;
  }
}
