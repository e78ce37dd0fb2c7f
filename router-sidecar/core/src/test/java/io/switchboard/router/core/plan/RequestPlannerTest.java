package io.switchboard.router.core.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import io.switchboard.router.config.ExpertKind;
import io.switchboard.router.config.InvalidRouterConfigException;
import io.switchboard.router.config.RouterConfig;
import io.switchboard.router.config.RouterConfigCodec;
import io.switchboard.router.core.spi.CircuitState;
import io.switchboard.router.core.spi.Decision;
import io.switchboard.router.core.spi.Endpoint;
import io.switchboard.router.core.spi.EscalationPlan;
import io.switchboard.router.core.spi.ExpertState;
import io.switchboard.router.core.spi.NoExpertAvailableException;
import io.switchboard.router.core.spi.StaticExpertState;
import io.switchboard.router.core.spi.Verdict;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** The request plan without HTTP: admission, the one candidate filter, and the decided plan. */
class RequestPlannerTest {
  private static final String EXPERTS =
      """
      [{"name":"small","model":"small-m","endpoint":"http://127.0.0.1:1",
        "inputUsdPerMillion":0.1,"outputUsdPerMillion":0.2},
       {"name":"large","model":"large-m","endpoint":"http://127.0.0.1:2",
        "inputUsdPerMillion":5,"outputUsdPerMillion":15},
       {"name":"backup","model":"backup-m","endpoint":"http://127.0.0.1:3",
        "inputUsdPerMillion":1,"outputUsdPerMillion":2},
       {"name":"embed","model":"embed-m","endpoint":"http://127.0.0.1:4","kind":"embedding"}]""";

  private final Set<String> down = new HashSet<>();
  private final Map<String, Double> p95 = new HashMap<>();

  private RequestPlanner planner(String policyExtra, String budget, boolean offloaded) {
    return planner(policyExtra, budget, EXPERTS, offloaded);
  }

  private RequestPlanner planner(
      String policyExtra, String budget, String experts, boolean offloaded) {
    RouterConfig config;
    try {
      config =
          new RouterConfigCodec()
              .parse(
                  "{\"apiVersion\":\"switchboard.io/router-config/v1\",\"policy\":{\"name\":\"p\","
                      + "\"virtualModel\":\"auto\",\"mode\":\"weighted\""
                      + policyExtra
                      + "},\"experts\":"
                      + experts
                      + (budget.isEmpty() ? "" : ",\"budget\":" + budget)
                      + "}");
    } catch (InvalidRouterConfigException e) {
      throw new AssertionError(e.getMessage(), e);
    }
    Map<String, ExpertState> byName = new LinkedHashMap<>();
    List<ExpertState> chat = new ArrayList<>();
    List<ExpertState> embedding = new ArrayList<>();
    config
        .experts()
        .forEach(
            e -> {
              ExpertState s =
                  new StaticExpertState(
                      e,
                      true,
                      down.contains(e.name()) ? CircuitState.OPEN : CircuitState.CLOSED,
                      0,
                      Double.NaN,
                      Double.NaN,
                      p95.getOrDefault(e.name(), Double.NaN));
              byName.put(e.name(), s);
              (e.kind() == ExpertKind.EMBEDDING ? embedding : chat).add(s);
            });
    return new RequestPlanner(
        config.policy(), config.budget(), byName, chat, embedding, offloaded, new Random(7));
  }

  private static AwaitingDecision awaiting(PlanOutcome outcome) {
    assertThat(outcome).isInstanceOf(AwaitingDecision.class);
    return (AwaitingDecision) outcome;
  }

  private static RequestPlan plan(PlanOutcome outcome) {
    assertThat(outcome).isInstanceOf(RequestPlan.class);
    return (RequestPlan) outcome;
  }

  @Test
  void strategiesSeeOnlyAvailableCandidatesAndTheChainAppendsThePolicyFallback() {
    down.add("large");
    AwaitingDecision a =
        awaiting(
            planner(",\"fallback\":[\"backup\"]", "", false)
                .admit("auto", Endpoint.CHAT_COMPLETIONS));

    assertThat(a.candidates().names()).containsExactly("small", "backup");
    assertThat(a.candidates().eligible()).extracting(ExpertState::name).contains("large");

    RequestPlan p = plan(a.decided(Decision.of("small", "weight", List.of("large")), null));
    assertThat(p.mode()).isEqualTo(PlanMode.STRATEGY);
    assertThat(p.modeName()).isEqualTo("weighted");
    // Availability at execution time is the executor's business: the chain keeps "large".
    assertThat(p.chain()).containsExactly("small", "large", "backup");
    assertThat(p.filters()).isEmpty();
    assertThat(p.answersToStrategy()).isTrue();
    assertThat(p.feedsStrategy()).isTrue();
    assertThat(p.metricReason()).isEqualTo("weight");
  }

  @Test
  void nothingAvailableNeverReachesTheStrategy() {
    down.addAll(List.of("small", "large", "backup"));
    PlanOutcome o = planner("", "", false).admit("auto", Endpoint.CHAT_COMPLETIONS);

    assertThat(o).isEqualTo(new Unroutable("no expert is available", null, null));
  }

  @Test
  void aLatencySloLeavesBreakingExpertsOutOfTheChoiceButInTheFallbackChain() {
    p95.put("large", 900.0); // breaks 500 ms
    p95.put("backup", 480.0); // keeps it
    // "small" has too few calls to judge (NaN): it stays.
    AwaitingDecision a =
        awaiting(
            planner(",\"fallback\":[\"large\"]", "{\"name\":\"b\",\"p95LatencyMs\":500}", false)
                .admit("auto", Endpoint.CHAT_COMPLETIONS));

    assertThat(a.candidates().names()).containsExactly("small", "backup");
    assertThat(a.candidates().eligible()).extracting(ExpertState::name).contains("large");
    RequestPlan p = plan(a.decided(Decision.of("small", "weight", List.of()), null));
    assertThat(p.chain()).containsExactly("small", "large");
    assertThat(p.filters()).containsExactly(CandidateFilter.Rule.LATENCY_SLO);
  }

  @Test
  void aLatencySloEveryExpertBreaksDeprioritisesNobody() {
    p95.put("small", 700.0);
    p95.put("large", 900.0);
    p95.put("backup", 600.0);
    AwaitingDecision a =
        awaiting(
            planner("", "{\"name\":\"b\",\"p95LatencyMs\":500}", false)
                .admit("auto", Endpoint.CHAT_COMPLETIONS));

    assertThat(a.candidates().names()).containsExactly("small", "large", "backup");
    RequestPlan p = plan(a.decided(Decision.of("large", "weight", List.of()), null));
    assertThat(p.filters()).isEmpty();
  }

  @Test
  void anUnavailableInSloExpertDoesNotHideTheAvailableOnes() {
    // Only "small" keeps the SLO, and its circuit is open: choosing among nothing would make the
    // request unroutable, so the SLO yields.
    down.add("small");
    p95.put("large", 900.0);
    p95.put("backup", 800.0);
    AwaitingDecision a =
        awaiting(
            planner("", "{\"name\":\"b\",\"p95LatencyMs\":500}", false)
                .admit("auto", Endpoint.CHAT_COMPLETIONS));

    assertThat(a.candidates().names()).containsExactly("large", "backup");
  }

  @Test
  void budgetRejectRefusesWith429AndItsRetryAfter() {
    PlanOutcome o =
        planner(
                "",
                "{\"name\":\"monthly\",\"enforcement\":\"reject\",\"exceeded\":true,"
                    + "\"retryAfterSeconds\":30}",
                false)
            .admit("auto", Endpoint.CHAT_COMPLETIONS);

    assertThat(o)
        .isEqualTo(
            new Refusal(
                429, "insufficient_quota", "budget_exceeded", "budget 'monthly' is exhausted", 30));
  }

  @Test
  void budgetDowngradeKeepsTheCheapestExpertForTheStrategyAndTheChain() {
    RequestPlanner planner =
        planner(
            ",\"fallback\":[\"backup\"]",
            "{\"name\":\"b\",\"enforcement\":\"downgrade\",\"exceeded\":true}",
            false);
    AwaitingDecision a = awaiting(planner.admit("auto", Endpoint.CHAT_COMPLETIONS));

    assertThat(a.candidates().names()).containsExactly("small");
    RequestPlan p = plan(a.decided(Decision.of("small", "weight", List.of()), null));
    assertThat(p.chain()).containsExactly("small");
    assertThat(p.filters()).containsExactly(CandidateFilter.Rule.BUDGET_DOWNGRADE);
  }

  @Test
  void aDecisionNamingOnlyExcludedExpertsIsUnroutableButStillReported() {
    RequestPlanner planner =
        planner(
            "",
            "{\"name\":\"b\",\"enforcement\":\"downgrade\",\"exceeded\":true,"
                + "\"downgradeTo\":[\"backup\"]}",
            false);
    AwaitingDecision a = awaiting(planner.admit("auto", Endpoint.CHAT_COMPLETIONS));

    PlanOutcome o = a.decided(Decision.of("large", "weight", List.of()), null);

    assertThat(o).isInstanceOf(Unroutable.class);
    Unroutable u = (Unroutable) o;
    assertThat(u.message()).isEqualTo("no allowed expert for this request");
    assertThat(u.decided().decision().expert()).isEqualTo("large");
  }

  @Test
  void aFailedStrategyIsServedByThePolicyFallbackOrIsUnroutableWithoutOne() {
    RuntimeException boom = new IllegalStateException("embedding queue full");
    RequestPlan p =
        plan(
            awaiting(
                    planner(",\"fallback\":[\"backup\",\"small\"]", "", false)
                        .admit("auto", Endpoint.CHAT_COMPLETIONS))
                .decided(null, new CompletionException(boom)));

    assertThat(p.decision()).isEqualTo(Decision.of("backup", "strategy-failed", List.of("small")));
    assertThat(p.chain()).containsExactly("backup", "small");
    assertThat(p.strategyFailure()).contains("embedding queue full");

    PlanOutcome none =
        awaiting(planner("", "", false).admit("auto", Endpoint.CHAT_COMPLETIONS))
            .decided(null, boom);
    assertThat(none).isEqualTo(new Unroutable("routing failed: " + boom, null, boom.toString()));
  }

  @Test
  void noExpertAvailableFromTheStrategyIsNotRescuedByTheFallback() {
    PlanOutcome o =
        awaiting(
                planner(",\"fallback\":[\"backup\"]", "", false)
                    .admit("auto", Endpoint.CHAT_COMPLETIONS))
            .decided(null, new NoExpertAvailableException("none reaches the similarity"));

    assertThat(o).isEqualTo(new Unroutable("no expert is available", null, null));
  }

  @Test
  void anUnknownExpertIsUnroutable() {
    PlanOutcome o =
        awaiting(planner("", "", false).admit("auto", Endpoint.CHAT_COMPLETIONS))
            .decided(Decision.of("ghost", "weight", List.of()), null);

    assertThat(o).isEqualTo(new Unroutable("strategy chose unknown expert 'ghost'", null, null));
  }

  @Test
  void shadowNeverChangesWhatIsServed() {
    String shadow = ",\"fallback\":[\"backup\"],\"shadow\":{\"mode\":\"capability\"}";
    AwaitingDecision a =
        awaiting(planner(shadow, "", false).admit("auto", Endpoint.CHAT_COMPLETIONS));
    RequestPlan p = plan(a.decided(Decision.of("large", "weight", List.of("small")), null));

    assertThat(a.shadow()).isNotNull();
    assertThat(a.shadow().mode().wireName()).isEqualTo("capability");
    assertThat(p.decision().expert()).isEqualTo("large");
    assertThat(p.decision().reason()).isEqualTo("weight");
    assertThat(p.answersToStrategy()).isTrue();
    assertThat(p.chain()).containsExactly("large", "small", "backup");
  }

  @Test
  void theShadowSampleFollowsSamplePercent() {
    int sampled = 0;
    RequestPlanner planner =
        planner(",\"shadow\":{\"mode\":\"capability\",\"samplePercent\":25}", "", false);
    for (int i = 0; i < 4000; i++) {
      if (awaiting(planner.admit("auto", Endpoint.CHAT_COMPLETIONS)).shadow() != null) {
        sampled++;
      }
    }
    assertThat(sampled).isBetween(900, 1100);
    assertThat(
            awaiting(
                    planner(",\"shadow\":{\"mode\":\"capability\",\"samplePercent\":0}", "", false)
                        .admit("auto", Endpoint.CHAT_COMPLETIONS))
                .shadow())
        .isNull();
    assertThat(awaiting(planner("", "", false).admit("auto", Endpoint.CHAT_COMPLETIONS)).shadow())
        .isNull();
  }

  @Test
  void anEstimatedComparisonPricesTheServedTokensAtTheShadowsExpert() {
    RouterConfig config;
    try {
      config =
          new RouterConfigCodec()
              .parse(
                  "{\"apiVersion\":\"switchboard.io/router-config/v1\",\"policy\":{\"name\":\"p\","
                      + "\"virtualModel\":\"auto\",\"mode\":\"weighted\"},\"experts\":"
                      + EXPERTS
                      + "}");
    } catch (InvalidRouterConfigException e) {
      throw new AssertionError(e.getMessage(), e);
    }
    var small = config.experts().get(0);
    // large served 1,000 prompt + 500 completion tokens: 0.005 + 0.0075 USD.
    ShadowComparison c = ShadowComparison.estimated("large", 0.0125, small, 1000, 500);

    assertThat(c.agreed()).isFalse();
    assertThat(c.shadowExpert()).isEqualTo("small");
    assertThat(c.shadowCostUsd()).isCloseTo(0.0001 + 0.0001, offset(1e-12));
    assertThat(c.measured()).isFalse();
    assertThat(ShadowComparison.estimated("small", 0.0002, small, 1000, 500).agreed()).isTrue();
  }

  @Test
  void aCascadeChainIsItsStagesWithoutFallbacks() {
    EscalationPlan escalation =
        new EscalationPlan(
            List.of("large"),
            (request, reply, stage) -> CompletableFuture.completedFuture(Verdict.accept(1, "sure")),
            1000,
            false);
    RequestPlan p =
        plan(
            awaiting(
                    planner(",\"fallback\":[\"backup\"]", "", false)
                        .admit("auto", Endpoint.CHAT_COMPLETIONS))
                .decided(new Decision("small", "cascade", List.of("backup"), escalation), null));

    assertThat(p.chain()).containsExactly("small", "large");
    assertThat(p.escalation()).isSameAs(escalation);
    assertThat(p.answersToStrategy()).isFalse();
  }

  @Test
  void directRequestsNeedNoStrategyAndKeepThePolicyFallback() {
    RequestPlan p =
        plan(
            planner(",\"fallback\":[\"backup\"]", "", false)
                .admit("large", Endpoint.CHAT_COMPLETIONS));
    assertThat(p.mode()).isEqualTo(PlanMode.DIRECT);
    assertThat(p.modeName()).isEqualTo("direct");
    assertThat(p.decision()).isEqualTo(Decision.of("large", "requested", List.of()));
    assertThat(p.chain()).containsExactly("large", "backup");
    assertThat(p.feedsStrategy()).isFalse();
  }

  @Test
  void directRequestsAreRefusedForUnknownModelsWrongEndpointsAndOutsideTheDowngrade() {
    assertThat(planner("", "", false).admit("nope", Endpoint.CHAT_COMPLETIONS))
        .isInstanceOfSatisfying(Refusal.class, r -> assertThat(r.status()).isEqualTo(404));
    assertThat(
            planner(",\"allowDirectExpert\":false", "", false)
                .admit("large", Endpoint.CHAT_COMPLETIONS))
        .isInstanceOfSatisfying(Refusal.class, r -> assertThat(r.status()).isEqualTo(404));
    assertThat(planner("", "", false).admit("embed", Endpoint.CHAT_COMPLETIONS))
        .isInstanceOfSatisfying(
            Refusal.class, r -> assertThat(r.code()).isEqualTo("model_not_supported"));
    assertThat(
            planner(
                    "",
                    "{\"name\":\"b\",\"enforcement\":\"downgrade\",\"exceeded\":true,"
                        + "\"downgradeTo\":[\"small\"]}",
                    false)
                .admit("large", Endpoint.CHAT_COMPLETIONS))
        .isInstanceOfSatisfying(
            Refusal.class,
            r -> assertThat(r.message()).contains("is not allowed while downgraded"));
  }

  @Test
  void embeddingsGoToTheFirstAvailableEmbeddingExpert() {
    RequestPlan p = plan(planner("", "", false).admit("auto", Endpoint.EMBEDDINGS));

    assertThat(p.mode()).isEqualTo(PlanMode.EMBEDDINGS);
    assertThat(p.decision()).isEqualTo(Decision.of("embed", "priority", List.of()));
    assertThat(p.chain()).containsExactly("embed");
  }

  @Test
  void aRequestOffloadedByAPeerIsNeverOffloadedAgain() {
    String experts =
        EXPERTS.substring(0, EXPERTS.length() - 1)
            + ",{\"name\":\"peer\",\"model\":\"auto\",\"endpoint\":\"http://peer.example:8080\"}]";
    String federated =
        ",\"mode\":\"federated\",\"params\":{\"federated\":{\"peers\":"
            + "[{\"url\":\"http://peer.example:8080\"}]}}";

    AwaitingDecision local =
        awaiting(planner(federated, "", experts, true).admit("auto", Endpoint.CHAT_COMPLETIONS));
    AwaitingDecision fresh =
        awaiting(planner(federated, "", experts, false).admit("auto", Endpoint.CHAT_COMPLETIONS));

    assertThat(local.candidates().names()).doesNotContain("peer");
    assertThat(fresh.candidates().names()).contains("peer");
    RequestPlan p = plan(local.decided(Decision.of("small", "x", List.of("peer")), null));
    assertThat(p.chain()).containsExactly("small");
    assertThat(p.filters()).containsExactly(CandidateFilter.Rule.LOCAL_ONLY);
  }
}
