package io.switchboard.router.core.strategy.balance;

import io.switchboard.router.core.engine.ExpertScorer;
import io.switchboard.router.core.spi.ExpertState;
import io.switchboard.router.core.spi.RoutingRequest;
import java.util.List;

/** Prefers experts with the fewest requests in flight; see the package doc. */
public final class LeastRequestsScorer implements ExpertScorer {
  @Override
  public double[] score(RoutingRequest request, List<ExpertState> candidates) {
    int[] inFlight = new int[candidates.size()];
    int min = Integer.MAX_VALUE;
    for (int i = 0; i < inFlight.length; i++) {
      inFlight[i] = Math.max(0, candidates.get(i).inFlight());
      min = Math.min(min, inFlight[i]);
    }
    double[] score = new double[inFlight.length];
    for (int i = 0; i < inFlight.length; i++) {
      score[i] = (min + 1.0) / (inFlight[i] + 1.0);
    }
    return score;
  }
}
