package io.switchboard.router.core.strategy.bandit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * A bandit over named arms (experts) with per-arm linear statistics and a pluggable selection rule.
 * Thread-safe: decisions and updates are serialised on this object, which costs microseconds at the
 * dimensions used here (d ≈ 24).
 */
public final class ContextualBandit {

  private final ArmSelector algorithm;
  private final int dimension;
  private final double ridge;
  private final RandomGenerator random;
  private final Map<String, ArmStatistics> arms = new LinkedHashMap<>();

  public ContextualBandit(
      String algorithm,
      double explorationParameter,
      int dimension,
      double ridge,
      RandomGenerator random) {
    if (dimension < 1 || ridge <= 0) {
      throw new IllegalArgumentException("dimension must be >= 1 and ridge > 0");
    }
    this.algorithm = ArmSelector.named(algorithm, explorationParameter);
    this.dimension = dimension;
    this.ridge = ridge;
    this.random = random;
  }

  /** Chooses one of {@code candidates} (non-empty) for this context. */
  public synchronized String choose(double[] context, List<String> candidates) {
    if (candidates.isEmpty()) {
      throw new IllegalArgumentException("no candidate arms");
    }
    List<ArmStatistics> statistics = new ArrayList<>(candidates.size());
    for (String candidate : candidates) {
      statistics.add(arm(candidate));
    }
    return candidates.get(algorithm.choose(statistics, context, random));
  }

  public synchronized void update(String armName, double[] context, double reward) {
    arm(armName).update(context, reward);
  }

  /** θᵀx + α√(xᵀA⁻¹x) for inspection and tests (uses LinUCB's formula whatever the algorithm). */
  public synchronized double upperConfidenceBound(String armName, double[] context, double alpha) {
    return new LinUcb(alpha).upperConfidenceBound(arm(armName), context);
  }

  public synchronized double[] theta(String armName) {
    return arm(armName).theta();
  }

  public synchronized BanditState snapshot() {
    Map<String, BanditState.Arm> saved = new LinkedHashMap<>();
    arms.forEach((name, statistics) -> saved.put(name, statistics.snapshot()));
    return new BanditState(algorithm.name(), dimension, ridge, saved);
  }

  /** Replaces all statistics by {@code state} (e.g. after a restart or a merge with peers). */
  public synchronized void restore(BanditState state) {
    if (state.dimension() != dimension || Double.compare(state.ridge(), ridge) != 0) {
      throw new IllegalArgumentException(
          "saved bandit state has dimension/ridge "
              + state.dimension()
              + "/"
              + state.ridge()
              + " but the policy says "
              + dimension
              + "/"
              + ridge);
    }
    arms.clear();
    state.arms().forEach((name, arm) -> arms.put(name, ArmStatistics.restore(arm, dimension)));
  }

  public String algorithm() {
    return algorithm.name();
  }

  public int dimension() {
    return dimension;
  }

  private ArmStatistics arm(String name) {
    return arms.computeIfAbsent(name, ignored -> new ArmStatistics(dimension, ridge));
  }
}
