package io.switchboard.router.core.spi;

/** A candidate with its combined (weighted, summed) score. */
public record ScoredExpert(ExpertState expert, double score) {}
