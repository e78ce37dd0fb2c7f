package io.switchboard.operator.budget;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.switchboard.api.v1alpha1.budget.Budget;
import io.switchboard.api.v1alpha1.routingpolicy.RoutingPolicy;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/** Which policies a Budget covers: those naming it in budgetRef, and those its policySelector matches. */
public final class BudgetCoverage {

  private BudgetCoverage() {
  }

  /** Does this budget cover the policy, by the policy's budgetRef or by the budget's label selector? */
  public static boolean covers(Budget budget, RoutingPolicy policy) {
    if (!Objects.equals(budget.getMetadata().getNamespace(), policy.getMetadata().getNamespace())) {
      return false;
    }
    var ref = policy.getSpec() == null ? null : policy.getSpec().budgetRef();
    if (ref != null && budget.getMetadata().getName().equals(ref.name())) {
      return true;
    }
    LabelSelector selector = budget.getSpec() == null ? null : budget.getSpec().policySelector();
    return selector != null && matches(selector, policy.getMetadata().getLabels());
  }

  public static boolean matches(LabelSelector selector, Map<String, String> labels) {
    Map<String, String> actual = labels == null ? Map.of() : labels;
    if (selector.getMatchLabels() != null) {
      for (var e : selector.getMatchLabels().entrySet()) {
        if (!e.getValue().equals(actual.get(e.getKey()))) {
          return false;
        }
      }
    }
    if (selector.getMatchExpressions() != null) {
      for (LabelSelectorRequirement r : selector.getMatchExpressions()) {
        String value = actual.get(r.getKey());
        Set<String> values = r.getValues() == null ? Set.of() : Set.copyOf(r.getValues());
        boolean ok = switch (r.getOperator()) {
          case "In" -> value != null && values.contains(value);
          case "NotIn" -> value == null || !values.contains(value);
          case "Exists" -> value != null;
          case "DoesNotExist" -> value == null;
          default -> false;
        };
        if (!ok) {
          return false;
        }
      }
    }
    return true;
  }

}
