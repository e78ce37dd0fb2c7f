package io.switchboard.router.core.spi;

import io.switchboard.router.config.RouterConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.util.random.RandomGenerator;

/**
 * Everything a {@link StrategyFactory} may use to build a strategy for one loaded config.
 *
 * @param config the validated config (policy, experts, typed mode parameters)
 * @param expertClient calls experts through the data plane (LLM router, judge)
 * @param embedder embedding model; strategies normally use {@link RequestFeatures#embedding()}
 *     instead
 * @param clock time source (fixed in tests)
 * @param random randomness (seeded in tests); shared, so implementations must be thread-safe (the
 *     data plane passes a {@code ThreadLocalRandom}-backed generator)
 * @param dataDir the recorded routing data directory ({@code ../shared/data} or {@code
 *     SWITCHBOARD_DATA_DIR}), may not exist
 * @param catalog the catalog this strategy was built from, to build a fallback strategy of another
 *     mode
 */
public record StrategyContext(
    RouterConfig config,
    ExpertClient expertClient,
    Embedder embedder,
    Clock clock,
    RandomGenerator random,
    Path dataDir,
    StrategyCatalog catalog) {}
