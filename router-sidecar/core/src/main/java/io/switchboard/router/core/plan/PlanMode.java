package io.switchboard.router.core.plan;

/** How a request is served; the mode label of the decision header and metrics. */
public enum PlanMode {
  /** The client named an expert's model: that expert serves it, no strategy runs. */
  DIRECT,
  /** An embeddings request for the virtual model: the first available embedding expert. */
  EMBEDDINGS,
  /** A chat or completions request for the virtual model: the policy's strategy decides. */
  STRATEGY
}
