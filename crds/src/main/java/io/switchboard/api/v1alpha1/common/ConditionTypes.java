package io.switchboard.api.v1alpha1.common;

/**
 * Condition types and reasons written by the operator; users and Argo CD health checks read them.
 */
public final class ConditionTypes {
  /** The spec passed the operator's cross-resource validation (things CEL cannot see). */
  public static final String VALID = "Valid";

  /** Everything the resource asks for exists and serves traffic. */
  public static final String READY = "Ready";

  /** Some but not all experts of a pool are ready. */
  public static final String DEGRADED = "Degraded";

  /** Budget: spend is below the limit. */
  public static final String WITHIN_BUDGET = "WithinBudget";

  /** Budget: a limit has been reached and enforcement is active. */
  public static final String EXCEEDED = "Exceeded";

  /**
   * RoutingPolicy: the shadow mode was cheaper at no worse quality over at least {@code
   * shadow.minSamples} graded samples (promotion is a spec edit; the operator never promotes).
   */
  public static final String SHADOW_BETTER = "ShadowBetter";

  /**
   * Budget with {@code spec.slo}: every covered policy's routers kept the p95 latency and mean
   * quality targets over the last window that measured them.
   */
  public static final String SLO_MET = "SloMet";

  public static final String QUALITY_TARGET_MET = "QualityTargetMet";

  private ConditionTypes() {}
}
