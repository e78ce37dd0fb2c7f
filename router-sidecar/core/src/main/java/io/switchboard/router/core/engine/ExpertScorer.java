package io.switchboard.router.core.engine;

import io.switchboard.router.core.spi.ExpertState;
import io.switchboard.router.core.spi.RoutingRequest;
import java.util.List;

/**
 * Scores candidates in [0,1], higher is better. The engine clamps scores into [0,1], multiplies
 * them by the scorer's configured weight and sums over scorers. Scores are relative to the
 * candidate list, so a scorer may normalise across it (e.g. least latency = 1).
 */
@FunctionalInterface
public interface ExpertScorer {

  /**
   * @return one score per candidate, same order and length as {@code candidates}
   */
  double[] score(RoutingRequest request, List<ExpertState> candidates);
}
