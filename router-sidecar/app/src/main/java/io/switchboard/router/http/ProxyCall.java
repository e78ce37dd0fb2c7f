package io.switchboard.router.http;

import io.switchboard.router.config.BudgetConfig;
import io.switchboard.router.config.BudgetEnforcement;
import io.switchboard.router.config.ExpertConfig;
import io.switchboard.router.config.PolicyConfig;
import io.switchboard.router.core.accounting.UsageRecord;
import io.switchboard.router.core.spi.Decision;
import io.switchboard.router.core.spi.Endpoint;
import io.switchboard.router.core.spi.EscalationPlan;
import io.switchboard.router.core.spi.ExpertReply;
import io.switchboard.router.core.spi.ExpertState;
import io.switchboard.router.core.spi.Feedback;
import io.switchboard.router.core.spi.NoExpertAvailableException;
import io.switchboard.router.core.spi.RoutingRequest;
import io.switchboard.router.core.spi.Verdict;
import io.switchboard.router.runtime.RouterState;
import io.switchboard.router.upstream.AttemptHandle;
import io.switchboard.router.upstream.BufferedReply;
import io.switchboard.router.upstream.ExpertRuntime;
import io.switchboard.router.upstream.UpstreamFailure;
import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpServerResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;
import org.jboss.logging.Logger;

/**
 * One proxied OpenAI request: route → attempt chain (retries with backoff, then fallbacks) → relay
 * → account. Confined to the event loop of the client connection; asynchronous strategy results hop
 * back onto it.
 */
final class ProxyCall {
  private static final Logger LOG = Logger.getLogger(ProxyCall.class);

  /**
   * Streamed answers longer than this are not handed to answer-learning strategies (bounds memory
   * per request).
   */
  private static final int MAX_CAPTURED_ANSWER_BYTES = 256 * 1024;

  /**
   * Marks a request a router offloads to a peer cluster's router; its value names the sending
   * policy.
   */
  static final String OFFLOADED_HEADER = "x-switchboard-offloaded";

  private final DataPlane dp;
  private final Context context;
  private final HttpServerResponse response;
  private final RouterState state;
  private final PolicyConfig policy;
  private final Endpoint endpoint;
  private final byte[] body;
  private final ParsedRequest parsed;
  private final String requestId;
  private final String tenant;
  private final long startNanos;

  /**
   * Already offloaded to us by a peer cluster's router: never offload it again (no ping-pong
   * between peers).
   */
  private final boolean offloaded;

  private final RoutingRequest routingRequest;

  private String mode;
  private Decision decision;
  private List<String> chain;
  private int chainIndex;
  private int triesOnCurrent;
  private UpstreamFailure lastFailure;
  private AttemptHandle handle;
  private long upstreamNanos;
  private double costUsd;
  private boolean clientGone;
  private boolean done;
  private boolean injectedUsage;

  ProxyCall(
      DataPlane dp,
      Context context,
      HttpServerResponse response,
      RouterState state,
      Endpoint endpoint,
      byte[] body,
      ParsedRequest parsed,
      String requestId,
      String tenant,
      long startNanos,
      boolean offloaded) {
    this.dp = dp;
    this.context = context;
    this.response = response;
    this.state = state;
    this.policy = state.config().policy();
    this.endpoint = endpoint;
    this.body = body;
    this.parsed = parsed;
    this.requestId = requestId;
    this.tenant = tenant;
    this.startNanos = startNanos;
    this.offloaded = offloaded;
    this.routingRequest =
        new RoutingRequest(
            requestId,
            policy.name(),
            parsed.model(),
            endpoint,
            parsed.stream(),
            parsed.maxTokens(),
            tenant,
            new LazyRequestFeatures(body, parsed, dp.states.embeddingWorkers(), state.embedder()));
    response.closeHandler(v -> onClientGone());
  }

  void start() {
    String model = parsed.model();
    BudgetConfig budget = state.config().budget();
    if (budget.exceeded()) {
      dp.metrics.budgetExceeded(policy.name(), budget.enforcement().wireName());
    }
    if (budget.exceeded() && budget.enforcement() == BudgetEnforcement.REJECT) {
      reject(
          429,
          "insufficient_quota",
          "budget_exceeded",
          "budget '" + budget.name() + "' is exhausted",
          budget.retryAfterSeconds());
      return;
    }
    if (model.equals(policy.virtualModel())) {
      List<ExpertState> candidates =
          endpoint == Endpoint.EMBEDDINGS ? state.embeddingExperts() : state.chatExperts();
      candidates = withoutPeersIfOffloaded(applyBudget(candidates, budget));
      if (candidates.isEmpty()) {
        reject(
            404,
            "invalid_request_error",
            "model_not_found",
            "model '" + model + "' has no expert serving " + endpoint.path(),
            0);
        return;
      }
      if (endpoint == Endpoint.EMBEDDINGS) {
        mode = "embeddings";
        routed(firstAvailable(candidates), null);
        return;
      }
      mode = policy.mode().wireName();
      CompletionStage<Decision> stage;
      try {
        stage = state.strategy().route(routingRequest, candidates);
      } catch (RuntimeException e) {
        routed(null, e);
        return;
      }
      var future = stage.toCompletableFuture();
      if (future.isDone()) {
        Decision d = null;
        Throwable err = null;
        try {
          d = future.join();
        } catch (RuntimeException e) {
          err = e.getCause() != null ? e.getCause() : e;
        }
        routed(d, err);
      } else {
        stage.whenComplete((d, err) -> context.runOnContext(v -> routed(d, err)));
      }
      return;
    }
    ExpertRuntime direct = state.experts().get(model);
    if (direct == null || !policy.allowDirectExpert()) {
      reject(
          404,
          "invalid_request_error",
          "model_not_found",
          "model '"
              + model
              + "' does not exist; use '"
              + policy.virtualModel()
              + "' or see GET /v1/models",
          0);
      return;
    }
    boolean embeddingExpert =
        direct.config().kind() == io.switchboard.router.config.ExpertKind.EMBEDDING;
    if (embeddingExpert != (endpoint == Endpoint.EMBEDDINGS)) {
      reject(
          400,
          "invalid_request_error",
          "model_not_supported",
          "model '" + model + "' does not serve " + endpoint.path(),
          0);
      return;
    }
    if (budget.exceeded()
        && budget.enforcement() == BudgetEnforcement.DOWNGRADE
        && applyBudget(List.of(direct), budget).isEmpty()) {
      reject(
          429,
          "insufficient_quota",
          "budget_exceeded",
          "budget '"
              + budget.name()
              + "' is exhausted; model '"
              + model
              + "' is not allowed while downgraded",
          budget.retryAfterSeconds());
      return;
    }
    mode = "direct";
    routed(Decision.of(model, "requested", List.of()), null);
  }

  private Decision firstAvailable(List<ExpertState> candidates) {
    List<String> names = new ArrayList<>();
    for (ExpertState e : candidates) {
      if (e.available()) {
        names.add(e.name());
      }
    }
    if (names.isEmpty()) {
      return null;
    }
    return Decision.of(names.get(0), "priority", names.subList(1, names.size()));
  }

  /** Downgrade: only {@code downgradeTo}, or the cheapest expert when that list is empty. */
  private static List<ExpertState> applyBudget(List<ExpertState> candidates, BudgetConfig budget) {
    if (!budget.exceeded() || budget.enforcement() != BudgetEnforcement.DOWNGRADE) {
      return candidates;
    }
    List<ExpertState> allowed = new ArrayList<>();
    if (!budget.downgradeTo().isEmpty()) {
      for (ExpertState e : candidates) {
        if (budget.downgradeTo().contains(e.name())) {
          allowed.add(e);
        }
      }
      return allowed;
    }
    ExpertState cheapest = null;
    for (ExpertState e : candidates) {
      if (cheapest == null || price(e.config()) < price(cheapest.config())) {
        cheapest = e;
      }
    }
    return cheapest == null ? List.of() : List.of(cheapest);
  }

  private static double price(ExpertConfig e) {
    return e.inputUsdPerMillion() + e.outputUsdPerMillion();
  }

  private void routed(Decision d, Throwable error) {
    if (clientGone) {
      return;
    }
    if (error instanceof java.util.concurrent.CompletionException && error.getCause() != null) {
      error = error.getCause();
    }
    if (error != null
        && !(error instanceof NoExpertAvailableException)
        && !policy.fallback().isEmpty()
        && !"direct".equals(mode)
        && !"embeddings".equals(mode)) {
      // The strategy could not decide (embedding queue full, router LLM unreachable, a bug): the
      // policy's
      // fallback experts still serve the request, and the decision reason says why.
      LOG.debugf(
          "request %s: strategy %s failed, serving from the policy's fallback: %s",
          requestId, mode, error);
      d =
          Decision.of(
              policy.fallback().get(0),
              "strategy-failed",
              policy.fallback().subList(1, policy.fallback().size()));
      error = null;
    }
    if (d == null || error != null) {
      String why =
          error instanceof NoExpertAvailableException || (error == null && d == null)
              ? "no expert is available"
              : "routing failed: " + error;
      if (error != null && !(error instanceof NoExpertAvailableException)) {
        LOG.warnf("request %s: strategy %s failed: %s", requestId, mode, error);
      }
      lastFailure = new UpstreamFailure(UpstreamFailure.Kind.UNAVAILABLE, why);
      finishWithFailure();
      return;
    }
    if (!state.experts().containsKey(d.expert())) {
      lastFailure =
          new UpstreamFailure(
              UpstreamFailure.Kind.UNAVAILABLE,
              "strategy chose unknown expert '" + d.expert() + "'");
      finishWithFailure();
      return;
    }
    if (policy.shadow()
        && !policy.fallback().isEmpty()
        && !"direct".equals(mode)
        && !"embeddings".equals(mode)) {
      // Shadow: record what the strategy would do, serve from the incumbent (the first fallback
      // expert).
      dp.metrics.decision(policy.name(), mode, d.expert(), "shadow");
      List<String> rest = policy.fallback().subList(1, policy.fallback().size());
      d = Decision.of(policy.fallback().get(0), "shadow; would-route=" + d.expert(), rest);
    }
    decision = d;
    dp.metrics.decision(
        policy.name(),
        mode,
        d.expert(),
        d.reason().startsWith("shadow") ? "shadow-served" : d.reason());
    Set<String> ordered = new LinkedHashSet<>();
    ordered.add(d.expert());
    EscalationPlan plan = d.escalation();
    if (plan == null) {
      ordered.addAll(d.fallbacks());
      ordered.addAll(policy.fallback());
    } else {
      ordered.addAll(plan.escalateTo());
    }
    chain = new ArrayList<>(ordered.size());
    boolean embeddings = endpoint == Endpoint.EMBEDDINGS;
    List<ExpertState> allowed =
        applyBudget(
            embeddings ? state.embeddingExperts() : state.chatExperts(), state.config().budget());
    allowed = withoutPeersIfOffloaded(allowed);
    for (String name : ordered) {
      ExpertRuntime r = state.experts().get(name);
      if (r != null && allowed.contains(r)) {
        chain.add(name);
      }
    }
    if (chain.isEmpty()) {
      lastFailure =
          new UpstreamFailure(
              UpstreamFailure.Kind.UNAVAILABLE, "no allowed expert for this request");
      finishWithFailure();
      return;
    }
    if (plan != null) {
      runStage(0, 0);
    } else {
      attemptNext();
    }
  }

  // ---- plain (non-cascade) execution: retries on one expert, then the next in the chain ----

  private void attemptNext() {
    if (clientGone) {
      return;
    }
    while (chainIndex < chain.size()) {
      ExpertRuntime r = state.experts().get(chain.get(chainIndex));
      if (r.healthy() && r.breaker().tryAcquire()) {
        send(r);
        return;
      }
      if (lastFailure == null) {
        lastFailure =
            new UpstreamFailure(
                UpstreamFailure.Kind.UNAVAILABLE,
                "expert " + r.name() + " is unavailable (unhealthy or circuit open)");
      }
      chainIndex++;
      triesOnCurrent = 0;
    }
    finishWithFailure();
  }

  private void send(ExpertRuntime r) {
    if (LOG.isDebugEnabled()) {
      LOG.debugf(
          "request %s: sending to %s after %d us",
          requestId, r.name(), (System.nanoTime() - startNanos) / 1000);
    }
    Buffer upstreamBody = upstreamBody(r, false);
    handle = new AttemptHandle();
    AttemptHandle h = handle;
    long sent = System.nanoTime();
    r.started();
    var options = dp.exchange.post(r, endpoint.path(), requestId, parsed.stream());
    if (isPeer(r.config())) {
      options.putHeader(OFFLOADED_HEADER, policy.namespace() + "/" + policy.name());
    }
    if (parsed.stream() && endpoint != Endpoint.EMBEDDINGS) {
      dp.exchange
          .open(r, options, upstreamBody, policy.timeouts(), h)
          .onComplete(
              ar -> {
                if (ar.failed()) {
                  attemptFailed(r, sent, ar.cause());
                } else {
                  onStreamHead(r, sent, ar.result(), h);
                }
              });
    } else {
      dp.exchange
          .buffered(r, options, upstreamBody, policy.timeouts(), h)
          .onComplete(
              ar -> {
                if (ar.failed()) {
                  attemptFailed(r, sent, ar.cause());
                } else {
                  onBuffered(r, sent, ar.result());
                }
              });
    }
  }

  private void attemptFailed(ExpertRuntime r, long sent, Throwable cause) {
    r.finished();
    upstreamNanos += System.nanoTime() - sent;
    if (clientGone) {
      return;
    }
    UpstreamFailure f =
        cause instanceof UpstreamFailure uf
            ? uf
            : new UpstreamFailure(UpstreamFailure.Kind.RESET, "expert " + r.name() + ": " + cause);
    r.breaker().onFailure();
    dp.metrics.upstreamError(policy.name(), r.name(), f.tag());
    lastFailure = f;
    retryOrFallback(r);
  }

  private void retryOrFallback(ExpertRuntime r) {
    if (triesOnCurrent < policy.retries().attempts() && r.breaker().tryAcquire()) {
      triesOnCurrent++;
      dp.metrics.retry(policy.name(), r.name());
      long base = policy.retries().backoffMs() << Math.min(triesOnCurrent - 1, 10);
      long delay = base <= 0 ? 0 : ThreadLocalRandom.current().nextLong(base + 1);
      if (delay == 0) {
        send(r);
      } else {
        dp.vertx.setTimer(
            delay,
            id -> {
              if (!clientGone) {
                send(r);
              }
            });
      }
      return;
    }
    dp.metrics.fallback(policy.name(), r.name());
    chainIndex++;
    triesOnCurrent = 0;
    attemptNext();
  }

  private void onBuffered(ExpertRuntime r, long sent, BufferedReply reply) {
    r.finished();
    upstreamNanos += reply.totalNanos();
    if (clientGone) {
      return;
    }
    Buffer b = reply.body();
    if (reply.status() / 100 != 2) {
      // A client error the expert judged (e.g. context too long): not the expert's fault, not
      // retryable.
      r.breaker().onSuccess();
      writeHead(
          reply.status(),
          reply.contentType() == null ? "application/json" : reply.contentType(),
          r.name());
      complete(r, reply.status(), UpstreamUsage.NONE, null, false);
      response.end(b);
      return;
    }
    UpstreamUsage usage;
    byte[] bytes = b.getBytes();
    try {
      usage = dp.reader.usage(bytes, 0, bytes.length);
    } catch (IOException | RuntimeException e) {
      r.breaker().onFailure();
      dp.metrics.upstreamError(
          policy.name(), r.name(), UpstreamFailure.Kind.INVALID_RESPONSE.tag());
      lastFailure =
          new UpstreamFailure(
              UpstreamFailure.Kind.INVALID_RESPONSE,
              "expert " + r.name() + " returned an invalid body: " + e.getMessage());
      retryOrFallback(r);
      return;
    }
    r.breaker().onSuccess();
    r.observeLatency(reply.totalNanos() / 1e6, reply.firstByteNanos() / 1e6);
    writeHead(
        200, reply.contentType() == null ? "application/json" : reply.contentType(), r.name());
    dp.metrics.timeToFirstToken(policy.name(), r.name(), System.nanoTime() - startNanos);
    // Account before the last byte leaves, so usage is visible once the client has its answer.
    complete(r, 200, usage, usage.present() ? null : bytes, false);
    response.end(b);
    if (wantsAnswer(r)) {
      answered(r.name(), bytes, bytes.length, false);
    }
  }

  private void onStreamHead(ExpertRuntime r, long sent, HttpClientResponse resp, AttemptHandle h) {
    long firstByteNanos = System.nanoTime() - sent;
    if (clientGone) {
      r.finished();
      h.cancel();
      return;
    }
    String contentType = resp.getHeader("content-type");
    if (resp.statusCode() != 200
        || contentType == null
        || !contentType.startsWith("text/event-stream")) {
      // Not a stream (an error, or a server ignoring stream): relay buffered.
      resp.body()
          .onComplete(
              ar -> {
                if (ar.failed()) {
                  attemptFailed(
                      r,
                      sent,
                      new UpstreamFailure(
                          UpstreamFailure.Kind.RESET,
                          "expert " + r.name() + " broke off: " + ar.cause().getMessage()));
                } else {
                  onBuffered(
                      r,
                      sent,
                      new BufferedReply(
                          resp.statusCode(),
                          contentType,
                          ar.result(),
                          firstByteNanos,
                          System.nanoTime() - sent));
                }
              });
      return;
    }
    writeHead(200, contentType, r.name());
    response.setChunked(true);
    SseRelay relay = new SseRelay(injectedUsage);
    // A strategy that learns from answers (judge feedback) gets the streamed text too: keep a
    // bounded copy.
    Buffer[] captured = {wantsAnswer(r) ? Buffer.buffer(4096) : null};
    boolean[] first = {true};
    boolean[] over = {false};
    long totalTimer =
        dp.vertx.setTimer(
            policy.timeouts().totalMs(),
            id -> {
              if (!over[0]) {
                over[0] = true;
                h.cancel();
                streamBroken(
                    r,
                    sent,
                    "expert "
                        + r.name()
                        + " did not finish within "
                        + policy.timeouts().totalMs()
                        + " ms",
                    "total-timeout");
              }
            });
    resp.handler(
        buf -> {
          if (over[0]) {
            return;
          }
          if (captured[0] != null) {
            captured[0] =
                captured[0].length() + buf.length() > MAX_CAPTURED_ANSWER_BYTES
                    ? null
                    : captured[0].appendBuffer(buf);
          }
          Buffer out = relay.accept(buf);
          if (out.length() > 0) {
            if (first[0]) {
              first[0] = false;
              dp.metrics.timeToFirstToken(policy.name(), r.name(), System.nanoTime() - startNanos);
              if (LOG.isDebugEnabled()) {
                LOG.debugf(
                    "request %s: upstream headers after %d us, first frame forwarded after %d us",
                    requestId,
                    (sent + firstByteNanos - startNanos) / 1000,
                    (System.nanoTime() - startNanos) / 1000);
              }
            }
            response.write(out);
            if (response.writeQueueFull()) {
              resp.pause();
              response.drainHandler(v -> resp.resume());
            }
          }
        });
    resp.exceptionHandler(
        err -> {
          if (!over[0]) {
            over[0] = true;
            dp.vertx.cancelTimer(totalTimer);
            if (clientGone) {
              // We reset it ourselves because the client left: not the expert's fault.
              r.finished();
              upstreamNanos += System.nanoTime() - sent;
              return;
            }
            streamBroken(
                r,
                sent,
                "expert " + r.name() + " broke off the stream: " + err.getMessage(),
                "reset");
          }
        });
    resp.endHandler(
        v -> {
          if (over[0]) {
            return;
          }
          over[0] = true;
          dp.vertx.cancelTimer(totalTimer);
          r.finished();
          long total = System.nanoTime() - sent;
          upstreamNanos += total;
          r.breaker().onSuccess();
          r.observeLatency(total / 1e6, firstByteNanos / 1e6);
          if (clientGone) {
            return;
          }
          Buffer rest = relay.remainder();
          UpstreamUsage usage = relay.usage();
          if (!usage.present()) {
            usage = new UpstreamUsage(-1, relay.contentEvents());
          }
          complete(r, 200, usage, null, true);
          response.end(rest);
          if (captured[0] != null) {
            byte[] streamed = captured[0].getBytes();
            answered(r.name(), streamed, streamed.length, true);
          }
        });
  }

  /** The stream already started, so the status cannot change: end it with an SSE error event. */
  private void streamBroken(ExpertRuntime r, long sent, String message, String kind) {
    r.finished();
    upstreamNanos += System.nanoTime() - sent;
    r.breaker().onFailure();
    dp.metrics.upstreamError(policy.name(), r.name(), kind);
    if (!clientGone && !response.ended()) {
      StringBuilder sb = new StringBuilder("data: ");
      sb.append(dp.errors.body(message, "upstream_error", kind).toString()).append("\n\n");
      response.end(Buffer.buffer(sb.toString()));
    }
    LOG.debugf("request %s: %s", requestId, message);
    record(r.name(), 502, false);
  }

  // ---- cascade execution: buffer each stage, check, escalate ----

  private void runStage(int stage, long rejectedNanos) {
    if (clientGone) {
      return;
    }
    if (stage >= chain.size()) {
      finishWithFailure();
      return;
    }
    ExpertRuntime r = state.experts().get(chain.get(stage));
    if (!(r.healthy() && r.breaker().tryAcquire())) {
      lastFailure =
          new UpstreamFailure(
              UpstreamFailure.Kind.UNAVAILABLE, "expert " + r.name() + " is unavailable");
      runStage(stage + 1, rejectedNanos);
      return;
    }
    EscalationPlan plan = decision.escalation();
    handle = new AttemptHandle();
    long sent = System.nanoTime();
    r.started();
    Buffer upstreamBody = upstreamBody(r, plan.requestLogprobs());
    dp.exchange
        .buffered(
            r,
            dp.exchange.post(r, endpoint.path(), requestId, parsed.stream()),
            upstreamBody,
            policy.timeouts(),
            handle)
        .onComplete(
            ar -> {
              r.finished();
              upstreamNanos += System.nanoTime() - sent;
              if (clientGone) {
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
                dp.metrics.upstreamError(policy.name(), r.name(), f.tag());
                lastFailure = f;
                runStage(stage + 1, rejectedNanos);
                return;
              }
              BufferedReply reply = ar.result();
              byte[] bytes = reply.body().getBytes();
              UpstreamUsage[] usage = {UpstreamUsage.NONE};
              CompletionReader.Answer answer;
              boolean sse =
                  reply.contentType() != null
                      && reply.contentType().startsWith("text/event-stream");
              try {
                if (sse) {
                  answer = dp.reader.answerFromSse(bytes, 0, bytes.length, u -> usage[0] = u);
                } else {
                  usage[0] = dp.reader.usage(bytes, 0, bytes.length);
                  answer = dp.reader.answer(bytes, 0, bytes.length);
                }
              } catch (IOException | RuntimeException e) {
                r.breaker().onFailure();
                lastFailure =
                    new UpstreamFailure(
                        UpstreamFailure.Kind.INVALID_RESPONSE,
                        "expert " + r.name() + " returned an invalid body");
                runStage(stage + 1, rejectedNanos);
                return;
              }
              r.breaker().onSuccess();
              r.observeLatency(reply.totalNanos() / 1e6, reply.firstByteNanos() / 1e6);
              UpstreamUsage u = usage[0].present() ? usage[0] : estimateUsage(answer.text());
              costUsd += accountUsage(r, u, !usage[0].present());
              boolean last =
                  stage + 1 >= chain.size()
                      || (rejectedNanos + reply.totalNanos()) / 1_000_000
                          > plan.maxAddedLatencyMs();
              if (last) {
                deliverStage(r, reply, stage, "last");
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
                      !usage[0].present(),
                      reply.totalNanos() / 1_000_000);
              CompletionStage<Verdict> verdict;
              try {
                verdict = plan.check().evaluate(routingRequest, er, stage);
              } catch (RuntimeException e) {
                deliverStage(r, reply, stage, "check-error");
                return;
              }
              verdict.whenComplete(
                  (v, err) ->
                      context.runOnContext(
                          x -> {
                            if (err != null || v == null) {
                              deliverStage(r, reply, stage, "check-error");
                            } else if (v.accept()) {
                              deliverStage(r, reply, stage, v.reason());
                            } else {
                              dp.metrics.decision(policy.name(), mode, r.name(), "escalated");
                              runStage(stage + 1, rejectedNanos + reply.totalNanos());
                            }
                          }));
            });
  }

  private void deliverStage(ExpertRuntime r, BufferedReply reply, int stage, String reason) {
    if (clientGone) {
      return;
    }
    decision =
        new Decision(
            decision.expert(),
            decision.reason() + "; stage=" + stage + "; " + reason,
            decision.fallbacks(),
            decision.escalation());
    writeHead(
        reply.status(),
        reply.contentType() == null ? "application/json" : reply.contentType(),
        r.name());
    dp.metrics.timeToFirstToken(policy.name(), r.name(), System.nanoTime() - startNanos);
    record(r.name(), reply.status(), true);
    response.end(reply.body());
  }

  // ---- shared ----

  private boolean isPeer(ExpertConfig expert) {
    return policy.mode() == io.switchboard.router.config.Mode.FEDERATED
        && policy.params().federatedOrDefault().isPeerEndpoint(expert.endpoint());
  }

  private <T extends ExpertState> List<T> withoutPeersIfOffloaded(List<T> experts) {
    if (!offloaded || policy.mode() != io.switchboard.router.config.Mode.FEDERATED) {
      return experts;
    }
    List<T> local = new ArrayList<>(experts.size());
    for (T e : experts) {
      if (!isPeer(e.config())) {
        local.add(e);
      }
    }
    return local;
  }

  /**
   * Only the strategy's own choice, served as decided, is worth grading: anything else it would not
   * learn from.
   */
  private boolean wantsAnswer(ExpertRuntime served) {
    return decision != null
        && decision.escalation() == null
        && served.name().equals(decision.expert())
        && !"direct".equals(mode)
        && !"embeddings".equals(mode)
        && !policy.shadow()
        && state.strategy().wantsAnswers();
  }

  /**
   * Hands the answer text to the strategy after the client has it; a body it cannot read is
   * skipped, not fatal.
   */
  private void answered(String expert, byte[] bytes, int length, boolean sse) {
    try {
      CompletionReader.Answer answer =
          sse
              ? dp.reader.answerFromSse(bytes, 0, length, u -> {})
              : dp.reader.answer(bytes, 0, length);
      state.strategy().answered(routingRequest, expert, answer.text());
    } catch (IOException | RuntimeException e) {
      LOG.debugf("request %s: answer not passed to strategy %s: %s", requestId, mode, e.toString());
    }
  }

  /**
   * Body for the upstream: {@code model} rewritten to the expert's model, plus the router's own
   * additions.
   */
  private Buffer upstreamBody(ExpertRuntime r, boolean requestLogprobs) {
    boolean addUsage =
        parsed.stream()
            && !parsed.hasStreamOptions()
            && endpoint != Endpoint.EMBEDDINGS
            && decision.escalation() == null;
    injectedUsage = addUsage;
    return dp.rewriter.rewrite(
        body, parsed, r.config().model(), addUsage, requestLogprobs && !parsed.hasLogprobs());
  }

  private void writeHead(int status, String contentType, String expert) {
    response
        .setStatusCode(status)
        .putHeader("content-type", contentType)
        .putHeader("x-request-id", requestId)
        .putHeader("x-switchboard-expert", expert)
        .putHeader(
            "x-switchboard-decision",
            mode
                + "; "
                + decision.reason()
                + (expert.equals(decision.expert()) || decision.escalation() != null
                    ? ""
                    : "; fallback"));
    if (contentType.startsWith("text/event-stream")) {
      response.putHeader("cache-control", "no-cache");
    }
  }

  private UpstreamUsage estimateUsage(String completionText) {
    return new UpstreamUsage(
        routingRequest.features().estimatedPromptTokens(), dp.estimator.fromText(completionText));
  }

  private void complete(
      ExpertRuntime r, int status, UpstreamUsage usage, byte[] bodyForEstimate, boolean streamed) {
    if (status / 100 == 2) {
      boolean estimated = !usage.present();
      UpstreamUsage u = usage;
      if (estimated) {
        long prompt = routingRequest.features().estimatedPromptTokens();
        long completion = usage.completionTokens() >= 0 ? usage.completionTokens() : 0;
        if (bodyForEstimate != null && endpoint != Endpoint.EMBEDDINGS) {
          try {
            completion =
                dp.estimator.fromText(
                    dp.reader.answer(bodyForEstimate, 0, bodyForEstimate.length).text());
          } catch (IOException | RuntimeException e) {
            completion = 0;
          }
        }
        u = new UpstreamUsage(prompt, endpoint == Endpoint.EMBEDDINGS ? 0 : completion);
      }
      costUsd += accountUsage(r, u, estimated);
    }
    record(r.name(), status, status / 100 == 2);
  }

  private double accountUsage(ExpertRuntime r, UpstreamUsage u, boolean estimated) {
    double cost = r.config().costUsd(u.promptTokens(), u.completionTokens());
    dp.ledger.record(
        new UsageRecord(
            policy.name(),
            r.name(),
            tenant,
            u.promptTokens(),
            u.completionTokens(),
            estimated,
            cost));
    dp.metrics.tokens(policy.name(), r.name(), u.promptTokens(), u.completionTokens(), estimated);
    dp.metrics.cost(policy.name(), r.name(), tenant, cost);
    return cost;
  }

  private void record(String expert, int status, boolean success) {
    if (done) {
      return;
    }
    done = true;
    long total = System.nanoTime() - startNanos;
    dp.metrics.request(policy.name(), expert, status, total, upstreamNanos);
    long latencyMs = total / 1_000_000;
    dp.outcomes.put(requestId, new RecentOutcomes.Outcome(expert, latencyMs, costUsd, success));
    if (decision != null && !"direct".equals(mode) && !"embeddings".equals(mode)) {
      try {
        state
            .strategy()
            .feedback(
                new Feedback(
                    requestId,
                    expert,
                    OptionalDouble.empty(),
                    latencyMs,
                    costUsd,
                    success,
                    Feedback.Source.OUTCOME));
      } catch (RuntimeException e) {
        LOG.warnf("strategy %s feedback failed: %s", mode, e);
      }
    }
  }

  private void finishWithFailure() {
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
    record(decision == null ? "none" : decision.expert(), f.status(), false);
  }

  private void reject(int status, String type, String code, String message, long retryAfter) {
    dp.errors.send(responseWithIds(), status, type, code, message, retryAfter);
    done = true;
    dp.metrics.request(policy.name(), "none", status, System.nanoTime() - startNanos, -1);
  }

  private HttpServerResponse responseWithIds() {
    if (!response.headWritten()) {
      response.putHeader("x-request-id", requestId);
      if (decision != null) {
        response.putHeader("x-switchboard-decision", mode + "; " + decision.reason());
      }
    }
    return response;
  }

  private void onClientGone() {
    if (done && response.ended()) {
      return;
    }
    clientGone = true;
    if (handle != null) {
      handle.cancel();
    }
    if (!done) {
      done = true;
      dp.metrics.request(
          policy.name(),
          decision == null ? "none" : decision.expert(),
          499,
          System.nanoTime() - startNanos,
          upstreamNanos);
    }
  }
}
