/**
 * Strategy SPI of the router: plain Java, no Quarkus, Vert.x or Jackson types in signatures.
 *
 * <p>Shape (after the Gateway API Inference Extension endpoint picker): {@link
 * io.switchboard.router.core.spi.ExpertFilter}s drop candidates, {@link
 * io.switchboard.router.core.spi.ExpertScorer}s score the rest in [0,1] (weighted and clamped by
 * the engine), an {@link io.switchboard.router.core.spi.ExpertPicker} chooses. A {@link
 * io.switchboard.router.core.spi.RoutingStrategy} composes them (or does something else entirely)
 * and returns a {@link io.switchboard.router.core.spi.Decision} asynchronously, so it may ask for
 * lazy {@link io.switchboard.router.core.spi.RequestFeatures} (prompt text, embedding) or call an
 * expert itself through {@link io.switchboard.router.core.spi.ExpertClient}.
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
