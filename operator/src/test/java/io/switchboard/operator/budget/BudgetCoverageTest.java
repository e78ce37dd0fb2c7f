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

  @Test
  void routersHoldTheLowestLatencyTargetOfTheCoveringBudgets() {
    Budget monthly = budget("team-monthly.yaml", "monthly", null); // slo.p95LatencyMs 4000
    Budget hourly = budget("hourly-reject.yaml", "hourly", null); // no slo
    assertThat(BudgetCoverage.strictestLatencySloMs(List.of(hourly))).isNull();
    assertThat(BudgetCoverage.strictestLatencySloMs(List.of(hourly, monthly))).isEqualTo(4000);
    Budget strict = budget("team-monthly.yaml", "strict", null);
    Budget stricter = new Budget();
    stricter.setMetadata(strict.getMetadata());
    var spec = strict.getSpec();
    stricter.setSpec(
        new io.switchboard.api.v1alpha1.budget.BudgetSpec(
            spec.period(),
            spec.limits(),
            new io.switchboard.api.v1alpha1.budget.SloTargets(900, null),
            spec.gpuCap(),
            spec.enforcement(),
            spec.policySelector()));
    assertThat(BudgetCoverage.strictestLatencySloMs(List.of(monthly, stricter, hourly)))
        .isEqualTo(900);
  }
}
