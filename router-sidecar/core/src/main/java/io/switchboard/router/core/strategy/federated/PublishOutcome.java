package io.switchboard.router.core.strategy.federated;

/** What one sharing round did. */
public enum PublishOutcome {
  /** A new noised round was charged, persisted and is now served. */
  PUBLISHED,
  /** No decision was learned since the last round: nothing released, nothing charged. */
  NOTHING_NEW,
  /**
   * The next round would exceed the total epsilon: sharing has stopped for good (peers are still
   * merged).
   */
  BUDGET_EXHAUSTED
}
