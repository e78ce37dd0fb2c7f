package io.switchboard.operator.budget;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.api.v1alpha1.budget.Budget;
import io.switchboard.api.v1alpha1.budget.BudgetStatus;
import io.switchboard.operator.PolicyFiles;
import java.util.List;
import org.junit.jupiter.api.Test;

class BudgetCoverageTest {

  private static Budget budget(String file, String name, String level) {
    Budget budget = PolicyFiles.read("budgets/" + file, Budget.class);
    budget.getMetadata().setName(name);
    if (level != null) {
      BudgetStatus status = new BudgetStatus();
      status.setEnforcementLevel(level);
      budget.setStatus(status);
    }
    return budget;
  }

  @Test
  void anExceededBudgetWinsOverAHarsherOneWithinItsLimit() {
    Budget reject = budget("hourly-reject.yaml", "a-reject", "none");
    Budget downgrade = budget("team-monthly.yaml", "b-downgrade", "downgrade");
    assertThat(BudgetCoverage.mostRestrictive(List.of(reject, downgrade)))
        .hasValueSatisfying(b -> assertThat(b.getMetadata().getName()).isEqualTo("b-downgrade"));
  }

  @Test
  void withinLimitsTheHarsherActionThenTheNameDecides() {
    Budget reject = budget("hourly-reject.yaml", "z-reject", null);
    Budget downgrade = budget("team-monthly.yaml", "a-downgrade", null);
    assertThat(BudgetCoverage.mostRestrictive(List.of(downgrade, reject)))
        .hasValueSatisfying(b -> assertThat(b.getMetadata().getName()).isEqualTo("z-reject"));
    Budget otherReject = budget("hourly-reject.yaml", "m-reject", null);
    assertThat(BudgetCoverage.mostRestrictive(List.of(reject, otherReject, downgrade)))
        .hasValueSatisfying(b -> assertThat(b.getMetadata().getName()).isEqualTo("m-reject"));
    assertThat(BudgetCoverage.mostRestrictive(List.of())).isEmpty();
  }
}
