package io.switchboard.router.core.plan;

import io.switchboard.router.config.BudgetConfig;
import io.switchboard.router.config.BudgetEnforcement;
import io.switchboard.router.config.ExpertKind;
import io.switchboard.router.config.PolicyConfig;
import io.switchboard.router.config.ShadowParams;
import io.switchboard.router.core.spi.Candidates;
import io.switchboard.router.core.spi.Decision;
import io.switchboard.router.core.spi.Endpoint;
import io.switchboard.router.core.spi.EscalationPlan;
import io.switchboard.router.core.spi.ExpertState;
import io.switchboard.router.core.spi.NoExpertAvailableException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.random.RandomGenerator;

/**
 * Plans one request: {@link #admit} (budget, model, candidate filter), then, for a strategy-routed
 * request, {@link #decided} (policy fallback on a strategy failure, the fallback chain). Admission
 * also draws whether the policy's shadow mode decides this request too ({@link
 * AwaitingDecision#shadow()}); the shadow never changes the plan. One planner per request; it holds
 * no mutable state besides the memoised filtered pool.
 */
public final class RequestPlanner {
  private final PolicyConfig policy;
  private final BudgetConfig budget;
  private final Map<String, ? extends ExpertState> experts;
  private final List<ExpertState> chatExperts;
  private final List<ExpertState> embeddingExperts;
  private final CandidateFilter filter;
  private final RandomGenerator random;
  private Endpoint endpoint;
  private List<ExpertState> allowed;

  /**
   * @param experts every expert of the config by name
   * @param chatExperts chat experts in config order
   * @param embeddingExperts embedding experts in priority order
   * @param offloaded the request was offloaded to us by a peer cluster's router
   * @param random draws the shadow sample
   */
  public RequestPlanner(
      PolicyConfig policy,
      BudgetConfig budget,
      Map<String, ? extends ExpertState> experts,
      List<ExpertState> chatExperts,
      List<ExpertState> embeddingExperts,
      boolean offloaded,
      RandomGenerator random) {
    this.random = random;
    this.policy = policy;
    this.budget = budget;
    this.experts = experts;
    this.chatExperts = chatExperts;
    this.embeddingExperts = embeddingExperts;
    this.filter = new CandidateFilter(policy, budget, offloaded);
  }

  /**
   * @return a {@link Refusal}, an {@link Unroutable}, a {@link RequestPlan} (direct and embeddings
   *     requests need no strategy) or an {@link AwaitingDecision}
   */
  public PlanOutcome admit(String model, Endpoint endpoint) {
    this.endpoint = endpoint;
    if (budget.exceeded() && budget.enforcement() == BudgetEnforcement.REJECT) {
      return new Refusal(
          429,
          "insufficient_quota",
          "budget_exceeded",
          "budget '" + budget.name() + "' is exhausted",
          budget.retryAfterSeconds());
    }
    if (model.equals(policy.virtualModel())) {
      if (allowed().isEmpty()) {
        return new Refusal(
            404,
            "invalid_request_error",
            "model_not_found",
            "model '" + model + "' has no expert serving " + endpoint.path(),
            0);
      }
      Candidates candidates = Candidates.of(allowed());
      if (candidates.isEmpty()) {
        // Strategies never choose from nothing.
        return new Unroutable("no expert is available", null, null);
      }
      if (endpoint == Endpoint.EMBEDDINGS) {
        List<String> names = candidates.names();
        return plan(
            PlanMode.EMBEDDINGS,
            "embeddings",
            Decision.of(names.get(0), "priority", names.subList(1, names.size())),
            null);
      }
      return new AwaitingDecision(candidates, this, shadowSample());
    }
    ExpertState direct = experts.get(model);
    if (direct == null || !policy.allowDirectExpert()) {
      return new Refusal(
          404,
          "invalid_request_error",
          "model_not_found",
          "model '"
              + model
              + "' does not exist; use '"
              + policy.virtualModel()
              + "' or see GET /v1/models",
          0);
    }
    if ((direct.config().kind() == ExpertKind.EMBEDDING) != (endpoint == Endpoint.EMBEDDINGS)) {
      return new Refusal(
          400,
          "invalid_request_error",
          "model_not_supported",
          "model '" + model + "' does not serve " + endpoint.path(),
          0);
    }
    if (filter.withinBudget(List.of(direct)).isEmpty()) {
      return new Refusal(
          429,
          "insufficient_quota",
          "budget_exceeded",
          "budget '"
              + budget.name()
              + "' is exhausted; model '"
              + model
              + "' is not allowed while downgraded",
          budget.retryAfterSeconds());
    }
    return plan(PlanMode.DIRECT, "direct", Decision.of(model, "requested", List.of()), null);
  }

  /** The strategy's answer for an {@link AwaitingDecision}. */
  PlanOutcome decided(Decision decision, Throwable error) {
    if (error instanceof CompletionException && error.getCause() != null) {
      error = error.getCause();
    }
    boolean nothingAvailable = error instanceof NoExpertAvailableException;
    String strategyFailure = null;
    if (error != null && !nothingAvailable && !policy.fallback().isEmpty()) {
      // The strategy could not decide (embedding queue full, router LLM unreachable, a bug): the
      // policy's fallback experts still serve the request, and the decision reason says why.
      strategyFailure = error.toString();
      decision = fallbackDecision("strategy-failed");
      error = null;
    }
    if (decision == null || error != null) {
      return nothingAvailable || error == null
          ? new Unroutable("no expert is available", null, null)
          : new Unroutable("routing failed: " + error, null, error.toString());
    }
    return plan(PlanMode.STRATEGY, policy.mode().wireName(), decision, strategyFailure);
  }

  private PlanOutcome plan(
      PlanMode mode, String modeName, Decision decision, String strategyFailure) {
    if (!experts.containsKey(decision.expert())) {
      return new Unroutable(
          "strategy chose unknown expert '" + decision.expert() + "'", null, null);
    }
    // Lists, not hash sets: a handful of experts, and this runs per request on the event loop.
    EscalationPlan escalation = decision.escalation();
    List<String> chain = new ArrayList<>();
    addAllowed(chain, decision.expert());
    if (escalation == null) {
      decision.fallbacks().forEach(name -> addAllowed(chain, name));
      policy.fallback().forEach(name -> addAllowed(chain, name));
    } else {
      escalation.escalateTo().forEach(name -> addAllowed(chain, name));
    }
    RequestPlan plan =
        new RequestPlan(
            mode,
            modeName,
            decision,
            chain,
            strategyFailure,
            filter.rules(),
            mode == PlanMode.STRATEGY && escalation == null);
    return chain.isEmpty()
        ? new Unroutable("no allowed expert for this request", plan, null)
        : plan;
  }

  /** The policy's shadow when this request is in its sample, else null. */
  private ShadowParams shadowSample() {
    ShadowParams shadow = policy.shadow();
    return shadow != null && random.nextDouble() * 100 < shadow.samplePercent() ? shadow : null;
  }

  /** Appends {@code name} once, if the filter allows it. */
  private void addAllowed(List<String> chain, String name) {
    if (chain.contains(name) || !experts.containsKey(name)) {
      return;
    }
    for (ExpertState e : allowed()) {
      if (e.name().equals(name)) {
        chain.add(name);
        return;
      }
    }
  }

  private Decision fallbackDecision(String reason) {
    List<String> fallback = policy.fallback();
    return Decision.of(fallback.get(0), reason, fallback.subList(1, fallback.size()));
  }

  /** The endpoint's experts the filter allows, available or not (computed once). */
  private List<ExpertState> allowed() {
    if (allowed == null) {
      allowed = filter.allowed(endpoint == Endpoint.EMBEDDINGS ? embeddingExperts : chatExperts);
    }
    return allowed;
  }
}
