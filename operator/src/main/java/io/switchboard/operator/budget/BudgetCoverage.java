package io.switchboard.operator.budget;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.switchboard.api.v1alpha1.budget.Budget;
import io.switchboard.api.v1alpha1.budget.Enforcement;
import io.switchboard.api.v1alpha1.routingpolicy.RoutingPolicy;
import io.switchboard.operator.support.LabelSelectors;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Which policies a Budget covers: those naming it in budgetRef, and those its policySelector
 * matches.
 */
public final class BudgetCoverage {

  private BudgetCoverage() {}

  /**
   * Does this budget cover the policy, by the policy's budgetRef or by the budget's label selector?
   */
  public static boolean covers(Budget budget, RoutingPolicy policy) {
    if (!Objects.equals(budget.getMetadata().getNamespace(), policy.getMetadata().getNamespace())) {
      return false;
    }
    var ref = policy.getSpec() == null ? null : policy.getSpec().budgetRef();
    if (ref != null && budget.getMetadata().getName().equals(ref.name())) {
      return true;
    }
    LabelSelector selector = budget.getSpec() == null ? null : budget.getSpec().policySelector();
    return selector != null && LabelSelectors.matches(selector, policy.getMetadata().getLabels());
  }

  /**
   * Of the Budgets covering a policy, the one whose enforcement the routers apply: an exceeded
   * Budget before one within its limit, then the harsher action (reject, downgrade, alert), then
   * the name. Routers apply one Budget at a time, so the most restrictive wins; every Budget still
   * accounts its own spend.
   */
  public static Optional<Budget> mostRestrictive(List<Budget> covering) {
    return covering.stream()
        .min(
            Comparator.comparing((Budget b) -> !exceeded(b))
                .thenComparing(b -> severity(b))
                .thenComparing(b -> b.getMetadata().getName()));
  }

  /** The Budget's p95 latency target, if it sets one. */
  public static Optional<Integer> latencySloMs(Budget budget) {
    var slo = budget.getSpec() == null ? null : budget.getSpec().slo();
    return Optional.ofNullable(slo == null ? null : slo.p95LatencyMs());
  }

  /** The lowest p95 latency target among the covering Budgets: routers hold the strictest. */
  public static Integer strictestLatencySloMs(List<Budget> covering) {
    return covering.stream()
        .map(BudgetCoverage::latencySloMs)
        .flatMap(Optional::stream)
        .min(Integer::compare)
        .orElse(null);
  }

  /** True while the Budget's status reports an enforcement level other than none. */
  public static boolean exceeded(Budget budget) {
    String level = budget.getStatus() == null ? null : budget.getStatus().getEnforcementLevel();
    return level != null && !"none".equals(level);
  }

  private static int severity(Budget budget) {
    var enforcement = budget.getSpec() == null ? null : budget.getSpec().enforcement();
    var action = enforcement == null || enforcement.action() == null ? null : enforcement.action();
    if (action == Enforcement.Action.REJECT) {
      return 0;
    }
    return action == Enforcement.Action.DOWNGRADE ? 1 : 2;
  }
}
