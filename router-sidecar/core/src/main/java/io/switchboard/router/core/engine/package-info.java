/**
 * Reusable building blocks for strategies: the filter → score → pick {@link
 * io.switchboard.router.core.engine.ScoringPipeline}, common filters and pickers, and the {@link
 * io.switchboard.router.core.engine.BuiltInStrategies} catalog that lists every strategy factory of
 * this build explicitly.
 */
package io.switchboard.router.core.engine;
