package io.switchboard.router.core.plan;

import io.switchboard.router.config.BudgetConfig;
import io.switchboard.router.config.BudgetEnforcement;
import io.switchboard.router.config.ExpertConfig;
import io.switchboard.router.config.Mode;
import io.switchboard.router.config.PolicyConfig;
import io.switchboard.router.core.spi.Candidates;
import io.switchboard.router.core.spi.ExpertState;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The one place candidates are narrowed before a strategy runs: the budget's downgrade, local
 * experts only for a request a peer router offloaded to us, then availability ({@link
 * Candidates#of}: healthy, circuit not open), then the budget's latency SLO ({@link
 * #withinLatencySlo}).
 */
public final class CandidateFilter {

  /** A rule that narrowed the candidates of a request. */
  public enum Rule {
    /**
     * The budget is exhausted and enforced by downgrade: only {@code downgradeTo} (or cheapest).
     */
    BUDGET_DOWNGRADE,
    /** Offloaded to us by a peer router: never offloaded again (no ping-pong between peers). */
    LOCAL_ONLY,
    /**
     * Experts whose recent p95 breaks the budget's latency SLO were left out of the strategy's
     * choice (they stay in the fallback chain).
     */
    LATENCY_SLO
  }

  private final PolicyConfig policy;
  private final BudgetConfig budget;
  private final Set<Rule> rules;

  public CandidateFilter(PolicyConfig policy, BudgetConfig budget, boolean offloaded) {
    this.policy = policy;
    this.budget = budget;
    Set<Rule> applied = EnumSet.noneOf(Rule.class);
    if (budget.exceeded() && budget.enforcement() == BudgetEnforcement.DOWNGRADE) {
      applied.add(Rule.BUDGET_DOWNGRADE);
    }
    if (offloaded && policy.mode() == Mode.FEDERATED) {
      applied.add(Rule.LOCAL_ONLY);
    }
    this.rules = applied.isEmpty() ? Set.of() : Set.copyOf(applied);
  }

  public Set<Rule> rules() {
    return rules;
  }

  /** The experts this request may be served by, in order, available right now or not. */
  public <T extends ExpertState> List<T> allowed(List<T> experts) {
    List<T> out = withinBudget(experts);
    if (rules.contains(Rule.LOCAL_ONLY)) {
      List<T> local = new ArrayList<>(out.size());
      for (T e : out) {
        if (!isPeer(policy, e.config())) {
          local.add(e);
        }
      }
      out = local;
    }
    return out;
  }

  /**
   * The latency SLO rule over the available candidates: with a budget's p95 latency SLO, a strategy
   * chooses among the experts whose recent p95 keeps it (or is not known yet). It deprioritises,
   * never makes a request unroutable: when every available expert breaks the SLO, all stay. The
   * experts left out are still {@link #allowed}, so a decision's fallbacks and the policy's
   * fallback chain still reach them; {@code eligible} is unchanged.
   */
  Candidates withinLatencySlo(Candidates available) {
    Integer slo = budget.p95LatencyMs();
    if (slo == null || available.isEmpty()) {
      return available;
    }
    List<ExpertState> keeping = new ArrayList<>(available.available().size());
    for (ExpertState e : available.available()) {
      if (!breaksLatencySlo(e, slo)) {
        keeping.add(e);
      }
    }
    return keeping.isEmpty() || keeping.size() == available.available().size()
        ? available
        : new Candidates(keeping, available.eligible());
  }

  private static boolean breaksLatencySlo(ExpertState e, int sloMs) {
    double p95 = e.latencyP95Ms();
    return !Double.isNaN(p95) && p95 > sloMs;
  }

  /** Whether {@code expert} is a peer cluster's router (a federated policy's offload target). */
  public static boolean isPeer(PolicyConfig policy, ExpertConfig expert) {
    return policy.mode() == Mode.FEDERATED
        && policy.params().federatedOrDefault().isPeerEndpoint(expert.endpoint());
  }

  /** The budget rule alone: only {@code downgradeTo}, or the cheapest expert when that is empty. */
  <T extends ExpertState> List<T> withinBudget(List<T> candidates) {
    if (!rules.contains(Rule.BUDGET_DOWNGRADE)) {
      return candidates;
    }
    List<T> allowed = new ArrayList<>();
    if (!budget.downgradeTo().isEmpty()) {
      for (T e : candidates) {
        if (budget.downgradeTo().contains(e.name())) {
          allowed.add(e);
        }
      }
      return allowed;
    }
    T cheapest = null;
    for (T e : candidates) {
      if (cheapest == null || price(e.config()) < price(cheapest.config())) {
        cheapest = e;
      }
    }
    return cheapest == null ? List.of() : List.of(cheapest);
  }

  private static double price(ExpertConfig e) {
    return e.inputUsdPerMillion() + e.outputUsdPerMillion();
  }
}
