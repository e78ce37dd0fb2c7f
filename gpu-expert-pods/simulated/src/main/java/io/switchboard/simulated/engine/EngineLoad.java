package io.switchboard.simulated.engine;

/** A consistent snapshot of the engine's load. */
public record EngineLoad(int running, int waiting, double kvCacheUsage) {}
