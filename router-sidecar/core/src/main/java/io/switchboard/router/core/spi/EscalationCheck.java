package io.switchboard.router.core.spi;

import java.util.concurrent.CompletionStage;

/**
 * Decides whether a buffered stage answer is good enough. May call a judge expert through {@link
 * ExpertClient} (asynchronously); must not block.
 */
@FunctionalInterface
public interface EscalationCheck {

  /**
   * @param request the routed request (its features are available)
   * @param answer the stage's complete answer, with logprobs when the upstream returned them
   * @param stage 0 for the first expert, 1 for the first escalation, ...
   */
  CompletionStage<Verdict> evaluate(RoutingRequest request, ExpertReply answer, int stage);
}
