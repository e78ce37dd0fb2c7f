package io.switchboard.operator.routingpolicy;

import io.switchboard.api.v1alpha1.common.ConditionTypes;
import io.switchboard.api.v1alpha1.routingpolicy.RoutingMode;
import io.switchboard.api.v1alpha1.routingpolicy.RoutingPolicy;
import io.switchboard.api.v1alpha1.routingpolicy.RoutingPolicyStatus;
import io.switchboard.api.v1alpha1.routingpolicy.RoutingPolicyStatus.RoutingSummary;
import io.switchboard.operator.support.ConditionWriter;
import java.util.Locale;

/**
 * Holds a classifier policy's live quality estimate (feedback and judge grades over the routers'
 * last window) against the target its {@code targetQuality} resolved to, as the {@code
 * QualityTargetMet} condition. The target was met on the training prompts' out-of-fold curve; this
 * is where a user sees whether it holds on their traffic (it need not under a distribution shift).
 *
 * <p>A window of few grades is noise: the verdict needs {@link #MIN_GRADES} grades and is False
 * only when the estimate is below the target by more than two standard errors (grades in [0, 1]
 * have variance at most p(1 − p)). A window without enough grades keeps the last verdict.
 */
public final class QualityTargetAssessment {

  static final int MIN_GRADES = 20;

  private final ConditionWriter conditions;

  public QualityTargetAssessment(ConditionWriter conditions) {
    this.conditions = conditions;
  }

  public void writeTo(RoutingPolicy policy, RoutingPolicyStatus status) {
    var spec = policy.getSpec();
    if (spec.mode() != RoutingMode.CLASSIFIER
        || spec.classifier() == null
        || spec.classifier().targetQuality() == null) {
      conditions.remove(status, ConditionTypes.QUALITY_TARGET_MET);
      return;
    }
    RoutingSummary window = status.getRouting();
    boolean judged = status.condition(ConditionTypes.QUALITY_TARGET_MET).isPresent();
    if (window == null
        || window.qualityTarget() == null
        || window.qualityEstimate() == null
        || window.qualityGrades() == null
        || window.qualityGrades() < MIN_GRADES) {
      if (!judged) {
        conditions.unknown(
            policy,
            status,
            ConditionTypes.QUALITY_TARGET_MET,
            "NotMeasured",
            window == null || window.qualityTarget() == null
                ? "the routers report no resolved quality target yet"
                : "fewer than "
                    + MIN_GRADES
                    + " quality grades (feedback, judge) in the routers' last window");
      }
      return;
    }
    double p = window.qualityEstimate();
    long n = window.qualityGrades();
    double margin = 2 * Math.sqrt(Math.max(p * (1 - p), 1e-4) / n);
    boolean below = p + margin < window.qualityTarget();
    String message =
        String.format(
            Locale.ROOT,
            "quality estimate %.3f ± %.3f (%d grades, %d s) %s target %.3f",
            p,
            margin,
            n,
            window.windowSeconds(),
            below ? "below" : "against",
            window.qualityTarget());
    conditions.set(
        policy,
        status,
        ConditionTypes.QUALITY_TARGET_MET,
        !below,
        below ? "BelowTarget" : "WithinTarget",
        message);
  }
}
