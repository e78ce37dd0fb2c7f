package io.switchboard.router.core.strategy.federated;

/**
 * Bounds one decision's contribution so the shared statistics have a known sensitivity. With ‖x‖₂ ≤
 * 1 and r ∈ [0, 1], one decision adds to exactly one arm: ‖x xᵀ‖_F = ‖x‖² ≤ 1 (so its upper
 * triangle too), ‖r x‖₂ ≤ 1, one pull and r ≤ 1 to the reward sum. Released together, the L2
 * sensitivity is √(1 + 1 + 1 + 1) = 2.
 */
final class Clipping {

  static final double SENSITIVITY = 2.0;

  private Clipping() {}

  /** x scaled down to L2 norm 1 when longer; unchanged otherwise (a new array). */
  static double[] context(double[] x) {
    double norm = 0;
    for (double v : x) {
      norm += v * v;
    }
    norm = Math.sqrt(norm);
    double[] out = x.clone();
    if (norm > 1) {
      for (int i = 0; i < out.length; i++) {
        out[i] /= norm;
      }
    }
    return out;
  }

  static double reward(double r) {
    return Double.isNaN(r) ? 0 : Math.max(0, Math.min(1, r));
  }
}
