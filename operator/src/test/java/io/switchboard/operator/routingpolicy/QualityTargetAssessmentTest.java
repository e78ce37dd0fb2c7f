package io.switchboard.operator.routingpolicy;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.api.v1alpha1.common.ConditionTypes;
import io.switchboard.api.v1alpha1.routingpolicy.RoutingPolicy;
import io.switchboard.api.v1alpha1.routingpolicy.RoutingPolicyStatus;
import io.switchboard.api.v1alpha1.routingpolicy.RoutingPolicyStatus.RoutingSummary;
import io.switchboard.operator.PolicyFiles;
import io.switchboard.operator.support.ConditionWriter;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QualityTargetAssessmentTest {

  private final QualityTargetAssessment assessment =
      new QualityTargetAssessment(new ConditionWriter(Clock.systemUTC()));

  private static RoutingPolicyStatus window(Double estimate, Long grades, Double target) {
    RoutingPolicyStatus status = new RoutingPolicyStatus();
    status.setRouting(new RoutingSummary(60, Map.of(), 1.0, estimate, grades, 900.0, target));
    return status;
  }

  private static RoutingPolicy targetPolicy() {
    return PolicyFiles.read("routing/classifier-target.yaml", RoutingPolicy.class);
  }

  @Test
  void belowTheTargetByMoreThanTheNoiseIsFalseWithTheFigures() {
    RoutingPolicyStatus status = window(0.70, 400L, 0.78);
    assessment.writeTo(targetPolicy(), status);
    var c = status.condition(ConditionTypes.QUALITY_TARGET_MET).orElseThrow();
    assertThat(c.getStatus()).isEqualTo("False");
    assertThat(c.getReason()).isEqualTo("BelowTarget");
    assertThat(c.getMessage())
        .isEqualTo("quality estimate 0.700 ± 0.046 (400 grades, 60 s) below target 0.780");
  }

  @Test
  void aShortfallWithinTwoStandardErrorsIsNotABreach() {
    // 40 grades: 0.70 ± 0.145 does not tell 0.78 apart.
    RoutingPolicyStatus status = window(0.70, 40L, 0.78);
    assessment.writeTo(targetPolicy(), status);
    assertThat(status.condition(ConditionTypes.QUALITY_TARGET_MET).orElseThrow().getStatus())
        .isEqualTo("True");
  }

  @Test
  void tooFewGradesIsUnknownAndAPolicyWithoutATargetHasNoCondition() {
    RoutingPolicyStatus status = window(0.10, 5L, 0.78);
    assessment.writeTo(targetPolicy(), status);
    var c = status.condition(ConditionTypes.QUALITY_TARGET_MET).orElseThrow();
    assertThat(c.getStatus()).isEqualTo("Unknown");
    assertThat(c.getReason()).isEqualTo("NotMeasured");

    RoutingPolicy threshold = PolicyFiles.read("routing/classifier.yaml", RoutingPolicy.class);
    assessment.writeTo(threshold, status);
    assertThat(status.condition(ConditionTypes.QUALITY_TARGET_MET)).isEmpty();
  }

  @Test
  void theRoutersResolvedTargetIsReadFromTheirExposition() {
    var config =
        RouterScrape.configState(
            """
            switchboard_router_config_refused 0
            switchboard_router_classifier_target_quality{mode="classifier",policy="exam"} 0.8123
            """);
    assertThat(config.qualityTarget()).isEqualTo(0.8123);
    assertThat(RouterScrape.configState("switchboard_router_config_refused 0\n").qualityTarget())
        .isNull();
  }
}
