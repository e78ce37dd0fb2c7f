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
 * Candidates#of}: healthy, circuit not open). An SLO filter belongs here too.
 */
public final class CandidateFilter {

  /** A rule that narrowed the candidates of a request. */
  public enum Rule {
    /**
     * The budget is exhausted and enforced by downgrade: only {@code downgradeTo} (or cheapest).
     */
    BUDGET_DOWNGRADE,
    /** Offloaded to us by a peer router: never offloaded again (no ping-pong between peers). */
    LOCAL_ONLY
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

  /** {@link #allowed} then availability: what a strategy chooses from. */
  public Candidates candidates(List<? extends ExpertState> experts) {
    return Candidates.of(allowed(experts));
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
