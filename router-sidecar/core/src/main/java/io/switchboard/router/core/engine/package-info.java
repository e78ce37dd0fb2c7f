/**
 * Reusable building blocks for strategies: scorers, pickers and the {@link
 * io.switchboard.router.core.engine.ScoringPipeline} that combines scorers (the {@code weighted}
 * mode composes from them; they are not part of the strategy SPI, see {@code core.spi}'s package
 * doc), the circuit breaker, and the {@link io.switchboard.router.core.engine.BuiltInStrategies}
 * catalog that lists every strategy factory of this build explicitly.
 */
package io.switchboard.router.core.engine;
