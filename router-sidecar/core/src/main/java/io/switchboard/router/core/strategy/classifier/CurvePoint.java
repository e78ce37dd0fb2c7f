package io.switchboard.router.core.strategy.classifier;

/**
 * One operating point of a strong/weak router: the share of calls sent to the strong expert, the
 * resulting mean quality, its performance gap recovered and the average cost per 1k requests.
 */
public record CurvePoint(
    double threshold, double strongShare, double meanQuality, double pgr, double costPer1k) {}
