package io.switchboard.router.core.strategy.federated;

import java.util.Map;

/**
 * What the federated layer persists next to the bandit state file, so a restart neither resets the
 * spent budget nor re-releases data already shared.
 *
 * @param ledger epsilon spent and rounds charged
 * @param covered local data statistics (clipped, raw: stays on this router) already included in a
 *     published round; the next round releases {@code local − covered}
 * @param published the latest published cumulative round, or null before the first
 */
public record FederationSnapshot(
    PrivacyAccountant.PrivacyLedger ledger,
    Map<String, ArmAggregate> covered,
    FederatedRound published) {

  public FederationSnapshot {
    covered = Map.copyOf(covered);
  }
}
