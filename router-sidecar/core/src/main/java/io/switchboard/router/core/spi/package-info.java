/**
 * Strategy SPI of the router: plain Java, no Quarkus, Vert.x or Jackson types in signatures.
 *
 * <p>A {@link io.switchboard.router.core.spi.RoutingStrategy} receives {@link
 * io.switchboard.router.core.spi.Candidates} and returns a {@link
 * io.switchboard.router.core.spi.Decision} asynchronously, so it may ask for lazy {@link
 * io.switchboard.router.core.spi.RequestFeatures} (prompt text, embedding) or call an expert itself
 * through {@link io.switchboard.router.core.spi.ExpertClient}. The candidates are filtered once,
 * before any strategy runs, by availability, circuit state, budget enforcement and offload rules
 * ({@code io.switchboard.router.core.plan.CandidateFilter}); no strategy filters them again.
 *
 * <p>Decision on the Filter/Scorer/Picker SPI (after the Gateway API Inference Extension's
 * scheduler profiles): it is not part of this SPI. Of the seven modes only {@code weighted} is a
 * score-and-pick over candidates; bandit, classifier and capability pick from learned or embedded
 * models whose output is not a per-expert score in [0,1] that sums meaningfully with others, llm
 * asks another model asynchronously, cascade returns a multi-stage plan, and federated splits local
 * from peer pools. Forcing them through filter → score → pick would hide their algorithms behind
 * adapters without letting anyone recombine them. Filtering, the one stage every mode shared, moved
 * into the request plan; scoring and picking stay as {@code core.engine} building blocks that
 * {@code weighted} composes from.
 *
 * <p>Strategies are built per policy by a {@link io.switchboard.router.core.spi.StrategyFactory}
 * chosen by mode from an explicit, immutable {@link
 * io.switchboard.router.core.spi.StrategyCatalog}; a mode without a factory is a load error. A new
 * strategy is rebuilt on every config reload; the old one is {@link
 * io.switchboard.router.core.spi.RoutingStrategy#close() closed}.
 *
 * <p>Threading: {@code route} is called on an event-loop thread and must not block; anything slow
 * (embeddings, expert calls) goes through the asynchronous interfaces the data plane provides.
 * {@code feedback} may be called from any thread.
 */
package io.switchboard.router.core.spi;
