package io.switchboard.router.core.strategy.bandit;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Serializable snapshot of a bandit (Jackson-friendly records): written periodically and on
 * shutdown, restored on start, and merged across router replicas.
 *
 * <p>Each replica starts from the same prior {@code λI}; merging adds the data parts: {@code A = A₁
 * + A₂ − λI}, {@code b = b₁ + b₂}, pulls and reward sums add. Merging the snapshots of replicas
 * that saw disjoint traffic equals one learner that saw all of it.
 */
public record BanditState(String algorithm, int dimension, double ridge, Map<String, Arm> arms) {

  public record Arm(double[] a, double[] b, long pulls, double rewardSum) {}

  public BanditState {
    arms = Map.copyOf(arms);
  }

  public BanditState merge(BanditState other) {
    if (dimension != other.dimension || Double.compare(ridge, other.ridge) != 0) {
      throw new IllegalArgumentException(
          "cannot merge bandit states of dimension/ridge "
              + dimension
              + "/"
              + ridge
              + " and "
              + other.dimension
              + "/"
              + other.ridge);
    }
    Map<String, Arm> merged = new LinkedHashMap<>(arms);
    other.arms.forEach((name, arm) -> merged.merge(name, arm, this::mergeArms));
    return new BanditState(algorithm, dimension, ridge, merged);
  }

  private Arm mergeArms(Arm left, Arm right) {
    double[] a = new double[left.a.length];
    for (int i = 0; i < a.length; i++) {
      a[i] = left.a[i] + right.a[i];
    }
    for (int i = 0; i < dimension; i++) {
      a[i * dimension + i] -= ridge; // the prior is in both: count it once
    }
    double[] b = new double[dimension];
    for (int i = 0; i < dimension; i++) {
      b[i] = left.b[i] + right.b[i];
    }
    return new Arm(a, b, left.pulls + right.pulls, left.rewardSum + right.rewardSum);
  }
}
