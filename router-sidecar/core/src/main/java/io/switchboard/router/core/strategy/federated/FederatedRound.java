package io.switchboard.router.core.strategy.federated;

import java.util.Map;

/**
 * One published round, served at {@code GET /switchboard/federation/aggregate}. Rounds are
 * <em>cumulative</em>: {@code arms} is the sum of every noised delta this router released so far
 * (round 1..{@code round}), so a peer replaces its previous copy instead of adding to it (merging
 * is idempotent, a missed round loses nothing), while each decision still entered exactly one
 * noised delta. Never contains raw statistics.
 *
 * @param policy the publishing router's policy name (diagnostics)
 * @param model what the statistics mean; peers refuse another fingerprint
 * @param round 1-based round number, increasing
 * @param epsilonSpent the publisher's total epsilon spent after this round
 * @param epsilonPerRound epsilon of each round's Gaussian mechanism
 * @param delta delta of each round's Gaussian mechanism
 * @param sigma noise standard deviation per coordinate per round
 * @param arms cumulative noised data statistics per arm (no ridge prior)
 */
public record FederatedRound(
    String policy,
    ModelFingerprint model,
    long round,
    double epsilonSpent,
    double epsilonPerRound,
    double delta,
    double sigma,
    Map<String, ArmAggregate> arms) {

  public FederatedRound {
    arms = Map.copyOf(arms);
  }
}
