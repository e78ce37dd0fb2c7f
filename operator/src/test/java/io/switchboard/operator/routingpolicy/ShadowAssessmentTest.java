package io.switchboard.operator.routingpolicy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.fabric8.kubernetes.api.model.Condition;
import io.switchboard.api.v1alpha1.common.ConditionTypes;
import io.switchboard.api.v1alpha1.routingpolicy.RoutingPolicy;
import io.switchboard.api.v1alpha1.routingpolicy.RoutingPolicySpec;
import io.switchboard.api.v1alpha1.routingpolicy.RoutingPolicyStatus;
import io.switchboard.api.v1alpha1.routingpolicy.ShadowSpec;
import io.switchboard.operator.PolicyFiles;
import io.switchboard.operator.SpecEdits;
import io.switchboard.operator.support.ConditionWriter;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** status.shadow and ShadowBetter from routers' shadow counters (policies/routing/bandit.yaml). */
class ShadowAssessmentTest {
  private final ShadowAssessment assessment =
      new ShadowAssessment(
          new ConditionWriter(Clock.fixed(Instant.parse("2026-12-03T10:00:00Z"), ZoneOffset.UTC)));

  /**
   * One router's counters: bandit served, capability shadowed; {@code cheapCount} samples where the
   * shadow chose gpt-4o-mini over the served gpt-4o, {@code sameCount} where both chose gpt-4o.
   */
  private static String exposition(
      int cheapCount, int sameCount, double miniMean, double gpt4oMean, int grades) {
    double served = (cheapCount + sameCount) * 0.01;
    double shadow = cheapCount * 0.001 + sameCount * 0.01;
    return """
        switchboard_router_shadow_samples_total{expert="gpt-4o",policy="assistant-bandit",shadow_expert="gpt-4o-mini",shadow_mode="capability"} %d
        switchboard_router_shadow_samples_total{expert="gpt-4o",policy="assistant-bandit",shadow_expert="gpt-4o",shadow_mode="capability"} %d
        switchboard_router_shadow_samples_total{expert="gpt-4o",policy="assistant-bandit",shadow_expert="gpt-4o-mini",shadow_mode="weighted"} 1000
        switchboard_router_shadow_samples_total{expert="gpt-4o",policy="other",shadow_expert="gpt-4o-mini",shadow_mode="capability"} 1000
        switchboard_router_shadow_cost_usd_total{policy="assistant-bandit",shadow_mode="capability",side="served"} %s
        switchboard_router_shadow_cost_usd_total{policy="assistant-bandit",shadow_mode="capability",side="shadow"} %s
        switchboard_router_shadow_mirrored_total{policy="assistant-bandit",shadow_mode="capability"} 3
        switchboard_router_quality_grade_count{expert="gpt-4o-mini",policy="assistant-bandit",source="feedback"} %d
        switchboard_router_quality_grade_sum{expert="gpt-4o-mini",policy="assistant-bandit",source="feedback"} %s
        switchboard_router_quality_grade_count{expert="gpt-4o",policy="assistant-bandit",source="feedback"} %d
        switchboard_router_quality_grade_sum{expert="gpt-4o",policy="assistant-bandit",source="feedback"} %s
        """
        .formatted(
            cheapCount,
            sameCount,
            served,
            shadow,
            grades,
            grades * miniMean,
            grades,
            grades * gpt4oMean);
  }

  private static RouterReadings readings(String... expositions) {
    return new RouterReadings(
        java.util.Arrays.stream(expositions)
            .map(
                e ->
                    new RouterReadings.Replica(
                        "10.0.0.1:8080",
                        1,
                        RouterScrape.empty().plus(e, "assistant-bandit"),
                        new RouterScrape.ConfigState(null, false),
                        null))
            .toList(),
        null);
  }

  private static RoutingPolicy policy() {
    RoutingPolicy policy = PolicyFiles.read("routing/bandit.yaml", RoutingPolicy.class);
    policy.getMetadata().setGeneration(4L);
    return policy;
  }

  private static Condition shadowBetter(RoutingPolicyStatus status) {
    return status.condition(ConditionTypes.SHADOW_BETTER).orElseThrow();
  }

  @Test
  void aCheaperShadowAtEqualQualityIsBetterOnceEnoughSamplesAreGraded() {
    RoutingPolicyStatus status = new RoutingPolicyStatus();
    // Two replicas, 150 samples each: 100 where the shadow picked the cheap expert, 50 agreeing.
    assessment.writeTo(
        policy(),
        readings(exposition(100, 50, 0.8, 0.8, 40), exposition(100, 50, 0.8, 0.8, 40)),
        status);

    var s = status.getShadow();
    assertThat(s.mode().wireName()).isEqualTo("capability");
    assertThat(s.samples()).isEqualTo(300);
    assertThat(s.agreementRate()).isCloseTo(100.0 / 300, within(1e-12));
    assertThat(s.servedCostPer1kRequestsUsd()).isCloseTo(10.0, within(1e-9));
    // (200 × 0.001 + 100 × 0.01) / 300 × 1000
    assertThat(s.shadowCostPer1kRequestsUsd()).isCloseTo(4.0, within(1e-9));
    assertThat(s.mirroredSamples()).isEqualTo(6);
    assertThat(s.gradedSamples()).isEqualTo(300);
    assertThat(s.grades()).isEqualTo(160);
    assertThat(s.qualityDifference()).isCloseTo(0.0, within(1e-12));
    Condition c = shadowBetter(status);
    assertThat(c.getStatus()).isEqualTo("True");
    assertThat(c.getReason()).isEqualTo("CheaperAtNoWorseQuality");
    assertThat(c.getMessage()).contains("set spec.mode: capability");
    assertThat(c.getObservedGeneration()).isEqualTo(4L);
  }

  @Test
  void aCheaperShadowOfLowerQualityIsNotBetter() {
    RoutingPolicyStatus status = new RoutingPolicyStatus();
    assessment.writeTo(policy(), readings(exposition(200, 100, 0.6, 0.9, 50)), status);

    // served: 0.9 everywhere; shadow: 200 × 0.6 + 100 × 0.9 over 300.
    assertThat(status.getShadow().shadowQuality()).isCloseTo(0.7, within(1e-12));
    assertThat(status.getShadow().qualityDifference()).isCloseTo(-0.2, within(1e-12));
    assertThat(shadowBetter(status).getStatus()).isEqualTo("False");
    assertThat(shadowBetter(status).getReason()).isEqualTo("LowerQuality");
  }

  @Test
  void tooFewGradedSamplesKeepTheConditionFalse() {
    RoutingPolicyStatus status = new RoutingPolicyStatus();
    // 150 samples, below the example's minSamples (the shadow is far cheaper, but unproven).
    assessment.writeTo(policy(), readings(exposition(100, 50, 0.9, 0.8, 40)), status);
    assertThat(shadowBetter(status).getReason()).isEqualTo("TooFewSamples");
    assertThat(shadowBetter(status).getMessage()).startsWith("150 of 200 samples");

    // Samples without any grade on the shadow's expert are not graded samples.
    RoutingPolicyStatus ungraded = new RoutingPolicyStatus();
    assessment.writeTo(policy(), readings(exposition(300, 0, 0.9, 0.8, 0)), ungraded);
    assertThat(ungraded.getShadow().samples()).isEqualTo(300);
    assertThat(ungraded.getShadow().gradedSamples()).isZero();
    assertThat(ungraded.getShadow().servedQuality()).isNull();
    assertThat(shadowBetter(ungraded).getStatus()).isEqualTo("False");
  }

  @Test
  void removingTheShadowRemovesItsStatusAndCondition() {
    RoutingPolicyStatus status = new RoutingPolicyStatus();
    RoutingPolicy policy = policy();
    assessment.writeTo(policy, readings(exposition(100, 50, 0.8, 0.8, 40)), status);
    assertThat(status.getShadow()).isNotNull();

    RoutingPolicySpec spec = policy.getSpec();
    policy.setSpec(withShadow(spec, null));
    assessment.writeTo(policy, readings(exposition(100, 50, 0.8, 0.8, 40)), status);
    assertThat(status.getShadow()).isNull();
    assertThat(status.condition(ConditionTypes.SHADOW_BETTER)).isEmpty();
  }

  @Test
  void minSamplesIsTheDeclaredThreshold() {
    RoutingPolicy policy = policy();
    ShadowSpec shadow = policy.getSpec().shadow();
    policy.setSpec(
        withShadow(
            policy.getSpec(), new ShadowSpec(shadow.mode(), shadow.samplePercent(), false, 100)));
    RoutingPolicyStatus status = new RoutingPolicyStatus();
    assessment.writeTo(policy, readings(exposition(100, 50, 0.8, 0.8, 40)), status);
    assertThat(shadowBetter(status).getStatus()).isEqualTo("True");
  }

  private static RoutingPolicySpec withShadow(RoutingPolicySpec spec, ShadowSpec shadow) {
    return SpecEdits.with(spec, "shadow", shadow);
  }

  @Test
  void noReplicaMeansNoSamples() {
    RoutingPolicyStatus status = new RoutingPolicyStatus();
    assessment.writeTo(policy(), new RouterReadings(List.of(), null), status);
    assertThat(status.getShadow().samples()).isZero();
    assertThat(status.getShadow().agreementRate()).isNull();
    assertThat(shadowBetter(status).getReason()).isEqualTo("TooFewSamples");
  }
}
