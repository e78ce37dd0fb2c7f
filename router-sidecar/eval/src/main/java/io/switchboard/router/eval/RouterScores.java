package io.switchboard.router.eval;

/** A router's "needs strong" score for each test prompt, in test order. */
public record RouterScores(String router, double[] scores) {}
