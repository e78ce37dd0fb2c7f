package io.switchboard.operator.budget;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.switchboard.api.v1alpha1.budget.Budget;
import io.switchboard.api.v1alpha1.routingpolicy.RoutingPolicy;
import io.switchboard.operator.support.LabelSelectors;
import java.util.Objects;

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
}
