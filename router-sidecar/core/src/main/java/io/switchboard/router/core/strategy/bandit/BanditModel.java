package io.switchboard.router.core.strategy.bandit;

import java.util.List;

/**
 * The statistics a {@link BanditStrategy} decides from and learns into: a replica-shared contextual
 * bandit ({@link ReplicatedBandit}) for the {@code bandit} mode, or the differentially private one
 * of the {@code federated} mode. Implementations are thread-safe.
 */
public interface BanditModel {

  /** One of {@code candidates} (non-empty) for this context. */
  String choose(double[] context, List<String> candidates);

  /**
   * The algorithm's name, the decision reason ({@code linucb}, {@code thompson}, {@code
   * epsilon-greedy}).
   */
  String algorithm();

  /** Learns one observed reward for {@code arm} in this context. */
  void learn(String arm, double[] context, double reward);

  /**
   * Persists what must survive a restart (also done periodically by implementations that persist).
   */
  void save();
}
