package io.switchboard.router.core.strategy.federated;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The sharing side of a federated policy, driven by the data plane: every {@link #roundPeriod()} it
 * calls {@link #publishRound()}, serves {@link #latestRound()} to peers, fetches each peer's latest
 * round and hands it to {@link #merge}. No HTTP here; implementations are thread-safe.
 */
public interface Federation {

  String policy();

  /** Peer routers' base URLs, as configured. */
  List<String> peers();

  Duration roundPeriod();

  /** The latest published (noised, cumulative) round; empty before the first. */
  Optional<FederatedRound> latestRound();

  /**
   * Releases a new noised round if there is new data and budget. Blocking (eigen work, file
   * writes): not on an event loop.
   */
  PublishOutcome publishRound();

  /**
   * Merges a peer's latest round in place of its previous one. Blocking (eigen decomposition): not
   * on an event loop.
   */
  MergeOutcome merge(String peer, FederatedRound round);

  /** Epsilon spent and rounds charged so far, a held-back round included. */
  PrivacyAccountant.PrivacyLedger ledger();

  /**
   * From now on a charged round is served only once {@link #acknowledge} confirms that a durable
   * store outside this process holds its epsilon (write-ahead): a replaced pod can then never come
   * back with less epsilon spent than it shared.
   */
  void requireAcknowledgement();

  /**
   * The durable store holds {@code durableSpentEpsilon}: a held-back round whose epsilon it covers
   * is served from now on. Returns true when a round was released.
   */
  boolean acknowledge(double durableSpentEpsilon);

  /** Raises the ledger to the durable store's copy (never lowers it) and persists it locally. */
  void restoreLedger(PrivacyAccountant.PrivacyLedger durable);

  /**
   * Records that fetching or parsing a peer's round failed (counted, the peer is skipped this
   * round).
   */
  void peerFailed(String peer);

  /**
   * Records that a peer refused this router's API key (401/403: a missing, wrong or revoked key;
   * the peer is skipped).
   */
  void peerUnauthorized(String peer);
}
