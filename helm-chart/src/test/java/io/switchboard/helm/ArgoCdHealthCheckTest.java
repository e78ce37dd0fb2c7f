package io.switchboard.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.helm.LuaHealthCheck.Health;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The Argo CD health scripts in helm-chart/switchboard/argocd/, run with LuaJ against sample
 * resources.
 */
class ArgoCdHealthCheckTest {

  private static final ChartLocation LOCATION = ChartLocation.locate();

  @Nested
  class ExpertPoolHealth {

    private final LuaHealthCheck check = LuaHealthCheck.forKind(LOCATION, "ExpertPool");

    @Test
    void progressingBeforeTheOperatorWritesAStatus() {
      assertThat(
              check.evaluate(
                  """
          apiVersion: switchboard.io/v1alpha1
          kind: ExpertPool
          metadata: {name: chat, generation: 1}
          spec: {experts: []}
          """))
          .isEqualTo(new Health("Progressing", "Waiting for the operator to reconcile the pool"));
    }

    @Test
    void progressingWhileTheStatusDescribesAnOlderGeneration() {
      assertThat(
              check.evaluate(
                  """
          metadata: {name: chat, generation: 3}
          status:
            observedGeneration: 2
            conditions:
              - {type: Ready, status: "True", reason: AllExpertsReady, message: 2 of 2 experts ready}
          """))
          .isEqualTo(new Health("Progressing", "Waiting for the operator to observe generation 3"));
    }

    @Test
    void healthyWhenEveryExpertIsReady() {
      assertThat(
              check.evaluate(
                  """
          metadata: {name: chat, generation: 3}
          status:
            observedGeneration: 3
            conditions:
              - {type: Ready, status: "True", reason: AllExpertsReady, message: 3 of 3 experts ready}
              - {type: Degraded, status: "False", reason: AsExpected, message: 3 of 3 experts ready}
          """))
          .isEqualTo(new Health("Healthy", "3 of 3 experts ready"));
    }

    @Test
    void degradedWhenSomeExpertsServeAndOthersDoNot() {
      assertThat(
              check.evaluate(
                  """
          metadata: {name: chat, generation: 2}
          status:
            observedGeneration: 2
            conditions:
              - {type: Ready, status: "False", reason: ExpertsNotReady, message: 1 of 2 experts ready}
              - {type: Degraded, status: "True", reason: SomeExpertsNotReady, message: 1 of 2 experts ready}
          """))
          .isEqualTo(new Health("Degraded", "1 of 2 experts ready"));
    }

    @Test
    void degradedWhenNotReadyForAReasonThatWillNotFixItself() {
      assertThat(
              check.evaluate(
                  """
          metadata: {name: chat, generation: 2}
          status:
            observedGeneration: 2
            conditions:
              - {type: Ready, status: "False", reason: InvalidExpert, message: "big: needs 16 GPUs per replica"}
          """))
          .isEqualTo(new Health("Degraded", "big: needs 16 GPUs per replica"));
    }

    @Test
    void progressingWhileExpertsStart() {
      assertThat(
              check.evaluate(
                  """
          metadata: {name: chat, generation: 1}
          status:
            observedGeneration: 1
            conditions:
              - {type: Ready, status: "False", reason: ExpertsNotReady, message: 0 of 2 experts ready}
              - {type: Degraded, status: "False", reason: AsExpected, message: 0 of 2 experts ready}
          """))
          .isEqualTo(new Health("Progressing", "0 of 2 experts ready"));
    }
  }

  @Nested
  class RoutingPolicyHealth {

    private final LuaHealthCheck check = LuaHealthCheck.forKind(LOCATION, "RoutingPolicy");

    @Test
    void progressingWithoutStatus() {
      assertThat(check.evaluate("metadata: {name: chat, generation: 1}\nspec: {mode: weighted}\n"))
          .isEqualTo(new Health("Progressing", "Waiting for the operator to reconcile the policy"));
    }

    @Test
    void degradedWithTheValidConditionsMessageWhenInvalid() {
      assertThat(
              check.evaluate(
                  """
          metadata: {name: chat, generation: 4}
          status:
            observedGeneration: 4
            conditions:
              - {type: Valid, status: "False", reason: PoolNotFound, message: ExpertPool 'chat-pool' not found in namespace team-a}
              - {type: Ready, status: "False", reason: PoolNotFound, message: not rendered}
          """))
          .isEqualTo(
              new Health("Degraded", "ExpertPool 'chat-pool' not found in namespace team-a"));
    }

    @Test
    void degradedFallsBackToTheReasonWhenTheMessageIsEmpty() {
      assertThat(
              check.evaluate(
                  """
          metadata: {name: chat, generation: 4}
          status:
            observedGeneration: 4
            conditions:
              - {type: Valid, status: "False", reason: UnknownMode, message: ""}
          """))
          .isEqualTo(new Health("Degraded", "UnknownMode"));
    }

    @Test
    void degradedWhileRoutersRefuseThePublishedConfiguration() {
      assertThat(
              check.evaluate(
                  """
          metadata: {name: chat, generation: 3}
          status:
            observedGeneration: 3
            conditions:
              - {type: Valid, status: "True", reason: Valid, message: references resolved; configuration rendered}
              - {type: Ready, status: "True", reason: GatewayReady, message: 2 gateway replica(s) ready}
              - {type: Degraded, status: "True", reason: RouterConfigRefused, message: 2 of 2 router replica(s) refused configuration abc}
          """))
          .isEqualTo(new Health("Degraded", "2 of 2 router replica(s) refused configuration abc"));
    }

    @Test
    void progressingForAStaleGenerationEvenIfItWasInvalid() {
      assertThat(
              check
                  .evaluate(
                      """
          metadata: {name: chat, generation: 5}
          status:
            observedGeneration: 4
            conditions:
              - {type: Valid, status: "False", reason: PoolNotFound, message: pool missing}
          """)
                  .status())
          .isEqualTo("Progressing");
    }

    @Test
    void healthyWhenValidAndReady() {
      assertThat(
              check.evaluate(
                  """
          metadata: {name: chat, generation: 2}
          status:
            observedGeneration: 2
            conditions:
              - {type: Valid, status: "True", reason: Valid, message: references resolved; configuration rendered}
              - {type: Ready, status: "True", reason: GatewayReady, message: gateway 2/2 ready}
          """))
          .isEqualTo(new Health("Healthy", "gateway 2/2 ready"));
    }

    @Test
    void progressingWhileTheGatewayRollsOut() {
      assertThat(
              check.evaluate(
                  """
          metadata: {name: chat, generation: 2}
          status:
            observedGeneration: 2
            conditions:
              - {type: Valid, status: "True", reason: Valid, message: ok}
              - {type: Ready, status: "False", reason: GatewayNotReady, message: gateway 0/2 ready}
          """))
          .isEqualTo(new Health("Progressing", "gateway 0/2 ready"));
    }
  }

  @Nested
  class BudgetHealth {

    private final LuaHealthCheck check = LuaHealthCheck.forKind(LOCATION, "Budget");

    @Test
    void progressingWithoutStatus() {
      assertThat(check.evaluate("metadata: {name: monthly}\n"))
          .isEqualTo(new Health("Progressing", "Waiting for the operator to account the budget"));
    }

    @Test
    void degradedOnceALimitIsReached() {
      assertThat(
              check.evaluate(
                  """
          metadata: {name: monthly, generation: 1}
          status:
            observedGeneration: 1
            conditions:
              - {type: WithinBudget, status: "False", reason: LimitReached, message: spent 101.20 of 100.00 USD}
              - {type: Exceeded, status: "True", reason: LimitReached, message: spent 101.20 of 100.00 USD; downgrading}
          """))
          .isEqualTo(new Health("Degraded", "spent 101.20 of 100.00 USD; downgrading"));
    }

    @Test
    void degradedWhileTheRoutersBreakTheSlo() {
      assertThat(
              check.evaluate(
                  """
          metadata: {name: monthly, generation: 1}
          status:
            observedGeneration: 1
            conditions:
              - {type: WithinBudget, status: "True", reason: UnderLimit, message: 12.5% used}
              - {type: SloMet, status: "False", reason: SloBreached, message: "chat: p95 latency 2500 ms > 500 ms"}
          """))
          .isEqualTo(new Health("Degraded", "chat: p95 latency 2500 ms > 500 ms"));
    }

    @Test
    void healthyWithinBudget() {
      assertThat(
              check.evaluate(
                  """
          metadata: {name: monthly, generation: 7}
          status:
            observedGeneration: 7
            spentUsd: 12.5
            conditions:
              - {type: WithinBudget, status: "True", reason: UnderLimit, message: spent 12.50 of 100.00 USD}
              - {type: Exceeded, status: "False", reason: UnderLimit, message: spent 12.50 of 100.00 USD}
          """))
          .isEqualTo(new Health("Healthy", "spent 12.50 of 100.00 USD"));
    }

    @Test
    void progressingForAStaleGeneration() {
      assertThat(
              check.evaluate(
                  """
          metadata: {name: monthly, generation: 8}
          status:
            observedGeneration: 7
            conditions:
              - {type: WithinBudget, status: "True", reason: UnderLimit, message: fine}
          """))
          .isEqualTo(new Health("Progressing", "Waiting for the operator to observe generation 8"));
    }

    @Test
    void progressingUntilSpendIsAccounted() {
      assertThat(
              check.evaluate(
                  """
          metadata: {name: monthly, generation: 1}
          status: {observedGeneration: 1}
          """))
          .isEqualTo(new Health("Progressing", "Waiting for the operator to account spend"));
    }
  }

  /** The one script is installed under three keys; a fourth kind is not silently called healthy. */
  @Test
  void aKindTheScriptDoesNotKnowIsUnknown() {
    assertThat(
            LuaHealthCheck.forKind(LOCATION, "Budget")
                .evaluate(
                    """
          apiVersion: switchboard.io/v1alpha1
          kind: Tenant
          metadata: {name: t, generation: 1}
          status: {observedGeneration: 1}
          """))
        .isEqualTo(new Health("Unknown", "Not a switchboard.io kind this check knows: Tenant"));
  }
}
