package io.switchboard.router.core.strategy.cascade;

import io.switchboard.router.core.spi.EscalationCheck;

/** An {@link EscalationCheck} of one confidence source (logprobs, predictor, judge). */
interface StageCheck extends EscalationCheck {
}
