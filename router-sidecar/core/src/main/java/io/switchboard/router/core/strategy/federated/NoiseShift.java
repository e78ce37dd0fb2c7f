package io.switchboard.router.core.strategy.federated;

/**
 * Extra ridge added to a peer's noised Gram matrix before merging (Shariff &amp; Sheffet, NeurIPS
 * 2018, "Differentially private contextual linear bandits"): a cumulative round of k releases
 * carries symmetric Gaussian noise with entry standard deviation σ√k, whose spectral norm is about
 * 2σ√(k·d) (Wigner semicircle). Shifting by {@link #FACTOR} times that makes the noised matrix PSD
 * with high probability (the eigenvalue floor is then only a safety net) and acts as a ridge prior
 * that keeps the peer's noisy b from dominating directions where it has little data. The shift is
 * computed from the round itself (σ, k, d), so it is post-processing and costs no privacy.
 */
final class NoiseShift {

  /**
   * Multiple of the expected noise spectral norm: 2 makes a negative noise eigenvalue below the
   * shift rare (the largest eigenvalue of a Wigner matrix concentrates at 2σ√(kd) with
   * O(σ·(kd)^(-1/6)·√k) fluctuations). In the offline simulation (docs/routing-evaluation.md)
   * factor 0 (floor only) lost 2–21 % reward against isolated clusters, factor 1 up to 24 % at ε =
   * 0.1, factors 2 and 4 were within a few percent of isolated or better.
   */
  static final double FACTOR = 2.0;

  private NoiseShift() {}

  static double of(FederatedRound round) {
    int d = round.model().dimension();
    return FACTOR * 2 * round.sigma() * Math.sqrt((double) round.round() * d);
  }
}
