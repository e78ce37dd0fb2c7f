package io.switchboard.router.core.strategy.federated;

/** What merging one peer round did. */
public enum MergeOutcome {
  /** The round replaced the peer's previous contribution. */
  MERGED,
  /** The peer's round was not newer than the one already merged: nothing changed. */
  ALREADY_MERGED,
  /** Another model fingerprint or malformed statistics: refused. */
  INCOMPATIBLE
}
