package io.switchboard.router.http;

import io.switchboard.router.config.BudgetConfig;
import io.switchboard.router.config.PolicyConfig;
import io.switchboard.router.config.Timeouts;
import io.switchboard.router.core.plan.AwaitingDecision;
import io.switchboard.router.core.plan.CandidateFilter;
import io.switchboard.router.core.plan.PlanOutcome;
import io.switchboard.router.core.plan.Refusal;
import io.switchboard.router.core.plan.RequestPlan;
import io.switchboard.router.core.plan.RequestPlanner;
import io.switchboard.router.core.plan.Unroutable;
import io.switchboard.router.core.spi.Decision;
import io.switchboard.router.core.spi.Endpoint;
import io.switchboard.router.core.spi.RoutingRequest;
import io.switchboard.router.runtime.RouterState;
import io.switchboard.router.upstream.AttemptHandle;
import io.switchboard.router.upstream.ExpertRuntime;
import io.switchboard.router.upstream.UpstreamFailure;
import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.io.IOException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;
import org.jboss.logging.Logger;

/**
 * One proxied OpenAI request: plan it ({@link RequestPlanner}, asking the strategy when the plan
 * needs it), then hand the {@link RequestPlan} to its executor ({@link AttemptChain}, or {@link
 * CascadeRun} for an escalation plan). Holds what every step shares: the request, the response and
 * the accounting ({@link CallRecord}). Confined to the event loop of the client connection;
 * asynchronous strategy results hop back onto it.
 */
final class ProxyCall {
  private static final Logger LOG = Logger.getLogger(ProxyCall.class);

  /**
   * Marks a request a router offloads to a peer cluster's router; its value names the sending
   * policy.
   */
  static final String OFFLOADED_HEADER = "x-switchboard-offloaded";

  final DataPlane dp;
  final Context context;
  final HttpServerResponse response;
  final RouterState state;
  final PolicyConfig policy;
  final Endpoint endpoint;
  final byte[] body;
  final ParsedRequest parsed;
  final String requestId;
  final long startNanos;
  final RoutingRequest routingRequest;
  final CallRecord record;

  /**
   * Already offloaded to us by a peer cluster's router: never offload it again (no ping-pong
   * between peers).
   */
  private final boolean offloaded;

  /** Mode label of headers and metrics; known once admitted. */
  String modeName;

  /** The plan being carried out; null until planned. */
  RequestPlan plan;

  /** The decision as the headers report it (a cascade appends the stage that answered). */
  Decision decision;

  /** The shadow evaluation of a sampled request; null when not sampled. */
  ShadowRun shadow;

  /** The attempt in flight, cancelled when the client leaves. */
  AttemptHandle handle;

  /**
   * {@code timeouts.totalMs} after the request arrived: the deadline of the whole request, across
   * strategy, retries, backoff and fallbacks, not of each attempt.
   */
  private final long deadlineNanos;

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
    this.startNanos = startNanos;
    this.offloaded = offloaded;
    this.deadlineNanos = startNanos + policy.timeouts().totalMs() * 1_000_000L;
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
    this.record = new CallRecord(this, tenant);
    response.closeHandler(v -> record.onClientGone());
  }

  void start() {
    BudgetConfig budget = state.config().budget();
    if (budget.exceeded()) {
      dp.metrics.budgetExceeded(policy.name(), budget.enforcement().wireName());
    }
    RequestPlanner planner =
        new RequestPlanner(
            policy,
            budget,
            state.experts(),
            state.chatExperts(),
            state.embeddingExperts(),
            offloaded,
            ThreadLocalRandom.current());
    PlanOutcome outcome = planner.admit(parsed.model(), endpoint);
    if (outcome instanceof AwaitingDecision awaiting) {
      modeName = policy.mode().wireName();
      askStrategy(awaiting);
    } else {
      carryOut(outcome);
    }
  }

  boolean clientGone() {
    return record.clientGone();
  }

  private void askStrategy(AwaitingDecision awaiting) {
    if (awaiting.shadow() != null && state.shadowStrategy() != null) {
      // Asked first so both strategies work in parallel; the shadow never delays the answer.
      shadow = new ShadowRun(this, awaiting.shadow());
      shadow.decide(state.shadowStrategy(), awaiting.candidates());
    }
    CompletionStage<Decision> stage;
    try {
      stage = state.strategy().route(routingRequest, awaiting.candidates());
    } catch (RuntimeException e) {
      carryOut(awaiting.decided(null, e));
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
      carryOut(awaiting.decided(d, err));
    } else {
      stage.whenComplete((d, err) -> context.runOnContext(v -> carryOut(awaiting.decided(d, err))));
    }
  }

  private void carryOut(PlanOutcome outcome) {
    if (clientGone()) {
      return;
    }
    if (outcome instanceof Refusal r) {
      record.reject(r.status(), r.type(), r.code(), r.message(), r.retryAfterSeconds());
      return;
    }
    if (outcome instanceof Unroutable u) {
      if (u.strategyError() != null) {
        LOG.warnf("request %s: strategy %s failed: %s", requestId, modeName, u.strategyError());
      }
      if (u.decided() != null) {
        adopt(u.decided());
      }
      record.fail(new UpstreamFailure(UpstreamFailure.Kind.UNAVAILABLE, u.message()));
      return;
    }
    RequestPlan p = (RequestPlan) outcome;
    adopt(p);
    if (p.escalation() != null) {
      new CascadeRun(this).run();
    } else {
      new AttemptChain(this).attemptNext();
    }
  }

  private void adopt(RequestPlan p) {
    plan = p;
    modeName = p.modeName();
    decision = p.decision();
    if (p.strategyFailure() != null) {
      LOG.debugf(
          "request %s: strategy %s failed, serving from the policy's fallback: %s",
          requestId, modeName, p.strategyFailure());
    }
    dp.metrics.decision(policy.name(), modeName, decision.expert(), p.metricReason());
    if (decision.predictedQuality().isPresent()) {
      dp.metrics.predictedQuality(
          policy.name(), decision.expert(), decision.predictedQuality().getAsDouble());
    }
  }

  /** Milliseconds left before the request's deadline; 0 or less when it passed. */
  long msLeft() {
    return (deadlineNanos - System.nanoTime()) / 1_000_000L;
  }

  /**
   * The policy's timeouts for the next attempt, cut to what is left of the request's deadline; null
   * when the deadline has passed (check before acquiring a circuit breaker's trial).
   */
  Timeouts attemptTimeouts() {
    long left = msLeft();
    if (left <= 0) {
      return null;
    }
    Timeouts t = policy.timeouts();
    return left >= t.totalMs() && left >= t.firstByteMs()
        ? t
        : new Timeouts(t.connectMs(), Math.min(t.firstByteMs(), left), Math.min(t.totalMs(), left));
  }

  /** The answer when the deadline passes before an expert answered: 504. */
  UpstreamFailure deadlinePassed() {
    return new UpstreamFailure(
        UpstreamFailure.Kind.TOTAL_TIMEOUT,
        "no expert answered within timeouts.totalMs ("
            + policy.timeouts().totalMs()
            + " ms, across retries and fallbacks)");
  }

  void writeHead(int status, String contentType, String expert) {
    response
        .setStatusCode(status)
        .putHeader("content-type", contentType)
        .putHeader("x-request-id", requestId)
        .putHeader("x-switchboard-expert", expert)
        .putHeader(
            "x-switchboard-decision",
            modeName
                + "; "
                + decision.reason()
                + (expert.equals(decision.expert()) || decision.escalation() != null
                    ? ""
                    : "; fallback")
                + CallRecord.predictedQuality(decision));
    if (contentType.startsWith("text/event-stream")) {
      response.putHeader("cache-control", "no-cache");
    }
  }

  /**
   * Body for the upstream: {@code model} rewritten to the expert's model, plus the router's own
   * additions.
   */
  Buffer upstreamBody(ExpertRuntime r, boolean requestLogprobs) {
    return dp.rewriter.rewrite(
        body, parsed, r.config().model(), addsUsage(), requestLogprobs && !parsed.hasLogprobs());
  }

  /**
   * Whether the router asks a streaming upstream for usage the client did not ask for (and then
   * strips it from the relayed stream).
   */
  boolean addsUsage() {
    return parsed.stream()
        && !parsed.hasStreamOptions()
        && endpoint != Endpoint.EMBEDDINGS
        && plan.escalation() == null;
  }

  boolean isPeer(ExpertRuntime r) {
    return CandidateFilter.isPeer(policy, r.config());
  }

  /**
   * Only the strategy's own choice, served as decided, is worth grading: anything else it would not
   * learn from.
   */
  boolean wantsAnswer(ExpertRuntime served) {
    return plan.answersToStrategy()
        && served.name().equals(decision.expert())
        && state.strategy().wantsAnswers();
  }

  /**
   * Hands the answer text to the strategy after the client has it; a body it cannot read is
   * skipped, not fatal.
   */
  void answered(String expert, byte[] bytes, int length, boolean sse) {
    try {
      CompletionReader.Answer answer =
          sse
              ? dp.reader.answerFromSse(bytes, 0, length, u -> {})
              : dp.reader.answer(bytes, 0, length);
      state.strategy().answered(routingRequest, expert, answer.text());
    } catch (IOException | RuntimeException e) {
      LOG.debugf(
          "request %s: answer not passed to strategy %s: %s", requestId, modeName, e.toString());
    }
  }
}
