package io.switchboard.router.core.strategy.cascade;

import io.switchboard.router.core.spi.EscalationCheck;

/** An {@link EscalationCheck} of one confidence source (logprobs, predictor, judge). */
interface StageCheck extends EscalationCheck {

  /** Whether judging a stage needs the prompt's embedding (the quality predictor does). */
  default boolean embedsPrompts() {
    return false;
  }
}
