package io.switchboard.router.core.strategy.balance;

import io.switchboard.router.core.engine.ExpertScorer;
import io.switchboard.router.core.spi.ExpertState;
import io.switchboard.router.core.spi.RoutingRequest;
import java.util.List;

/** Prefers experts with the lowest EWMA latency; see the package doc. */
public final class LeastLatencyScorer implements ExpertScorer {
  private final boolean timeToFirstToken;

  /**
   * @param timeToFirstToken score on EWMA time to first token (streaming) instead of total latency
   */
  public LeastLatencyScorer(boolean timeToFirstToken) {
    this.timeToFirstToken = timeToFirstToken;
  }

  @Override
  public double[] score(RoutingRequest request, List<ExpertState> candidates) {
    double[] latency = new double[candidates.size()];
    double min = Double.POSITIVE_INFINITY;
    for (int i = 0; i < latency.length; i++) {
      ExpertState e = candidates.get(i);
      latency[i] = timeToFirstToken ? e.ttftEwmaMs() : e.latencyEwmaMs();
      if (!Double.isNaN(latency[i])) {
        min = Math.min(min, latency[i]);
      }
    }
    double[] score = new double[latency.length];
    for (int i = 0; i < latency.length; i++) {
      if (Double.isNaN(latency[i]) || latency[i] <= 0) {
        score[i] = 1.0;
      } else {
        score[i] = Math.max(min, 1e-3) / Math.max(latency[i], 1e-3);
      }
    }
    return score;
  }
}
