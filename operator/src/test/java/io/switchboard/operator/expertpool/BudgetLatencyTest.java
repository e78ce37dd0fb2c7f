package io.switchboard.operator.expertpool;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.switchboard.api.v1alpha1.budget.Budget;
import io.switchboard.api.v1alpha1.budget.BudgetSpec;
import io.switchboard.api.v1alpha1.budget.Limits;
import io.switchboard.api.v1alpha1.budget.SloTargets;
import io.switchboard.api.v1alpha1.common.LocalRef;
import io.switchboard.api.v1alpha1.routingpolicy.RoutingMode;
import io.switchboard.api.v1alpha1.routingpolicy.RoutingPolicy;
import io.switchboard.api.v1alpha1.routingpolicy.RoutingPolicySpec;
import io.switchboard.api.v1alpha1.routingpolicy.RoutingPolicyStatus.RoutingSummary;
import io.switchboard.operator.SpecEdits;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BudgetLatencyTest {

  private static RoutingPolicy policy(String name, String pool) {
    RoutingPolicy policy = new RoutingPolicy();
    policy.setMetadata(
        new ObjectMetaBuilder()
            .withName(name)
            .withNamespace("ml")
            .withLabels(Map.of("team", "search"))
            .build());
    policy.setSpec(
        SpecEdits.of(
            RoutingPolicySpec.class,
            Map.of("poolRef", new LocalRef(pool), "mode", RoutingMode.WEIGHTED)));
    return policy;
  }

  private static Budget budget(String name, Integer p95LatencyMs) {
    Budget budget = new Budget();
    budget.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace("ml").build());
    budget.setSpec(
        new BudgetSpec(
            BudgetSpec.Period.DAY,
            new Limits(100.0, null),
            p95LatencyMs == null ? null : new SloTargets(p95LatencyMs, null),
            null,
            null,
            new LabelSelectorBuilder().addToMatchLabels("team", "search").build()));
    return budget;
  }

  private static RoutingSummary window(double p95Ms, Map<String, Long> decisions) {
    return new RoutingSummary(30, decisions, null, null, null, p95Ms);
  }

  @Test
  void theStrictestBudgetOfThePolicyFurthestOverItsTargetThatRoutedToTheExpert() {
    RoutingPolicy chat = policy("chat", "experts");
    RoutingPolicy code = policy("code", "experts");
    RoutingPolicy other = policy("elsewhere", "other-pool");
    Map<String, RoutingSummary> windows =
        Map.of(
            "chat", window(900, Map.of("small", 10L, "large", 5L)),
            "code", window(1500, Map.of("large", 10L)),
            "elsewhere", window(9000, Map.of("small", 10L)));
    var budgets = List.of(budget("loose", 2000), budget("tight", 600), budget("no-slo", null));
    var pressure =
        BudgetLatency.on(
            "experts",
            "small",
            List.of(chat, code, other),
            budgets,
            p -> windows.get(p.getMetadata().getName()));
    // code is slower but sent small nothing; the other pool's policy does not count.
    assertThat(pressure).contains(new BudgetLatency.Pressure("chat", "tight", 600, 900));
    assertThat(
            BudgetLatency.on(
                "experts",
                "large",
                List.of(chat, code),
                budgets,
                p -> windows.get(p.getMetadata().getName())))
        .contains(new BudgetLatency.Pressure("code", "tight", 600, 1500));
  }

  @Test
  void nothingWithoutALatencyTargetOrAMeasuredWindow() {
    RoutingPolicy chat = policy("chat", "experts");
    assertThat(
            BudgetLatency.on(
                "experts",
                "small",
                List.of(chat),
                List.of(budget("no-slo", null)),
                p -> window(900, Map.of("small", 3L))))
        .isEmpty();
    assertThat(
            BudgetLatency.on(
                "experts", "small", List.of(chat), List.of(budget("tight", 600)), p -> null))
        .isEmpty();
  }
}
