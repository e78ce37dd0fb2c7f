package io.switchboard.router.core.strategy.classifier;

import io.switchboard.router.core.features.QueryFeatures;
import java.util.Map;

/**
 * One training prompt: its features and the observed quality in [0, 1] of each expert that answered
 * it.
 */
public record TrainingExample(QueryFeatures features, Map<String, Double> quality) {}
