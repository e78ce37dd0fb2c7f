package io.switchboard.router.core.engine;

import io.switchboard.router.core.spi.ExpertState;

/** A candidate with its combined (weighted, summed) score. */
public record ScoredExpert(ExpertState expert, double score) {}
