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
  BUDGET_EXHAUSTED,
  /**
   * A round was charged and persisted locally but is held back until the durable store (the
   * operator) acknowledges its epsilon ({@link Federation#acknowledge}); no new round is charged
   * meanwhile.
   */
  AWAITING_ACKNOWLEDGEMENT
}
