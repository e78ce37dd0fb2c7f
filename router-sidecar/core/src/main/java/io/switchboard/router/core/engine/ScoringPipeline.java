package io.switchboard.router.core.engine;

import io.switchboard.router.core.spi.ExpertState;
import io.switchboard.router.core.spi.RoutingRequest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Scores candidates (each scorer's output clamped to [0,1], times its weight, summed) for a picker
 * to choose from. Synchronous: strategies needing features resolve them first. Candidates arrive
 * already filtered (see {@code plan.CandidateFilter}), so there is no filter stage here.
 */
public final class ScoringPipeline {
  private final List<WeightedScorer> scorers;

  public ScoringPipeline(List<WeightedScorer> scorers) {
    this.scorers = List.copyOf(scorers);
  }

  /** Combined scores, sorted descending (stable: ties keep candidate order). */
  public List<ScoredExpert> score(RoutingRequest request, List<ExpertState> candidates) {
    double[] total = new double[candidates.size()];
    if (scorers.isEmpty()) {
      Arrays.fill(total, 1.0);
    }
    for (WeightedScorer ws : scorers) {
      double[] s = ws.scorer().score(request, candidates);
      if (s.length != candidates.size()) {
        throw new IllegalStateException(
            "scorer "
                + ws.name()
                + " returned "
                + s.length
                + " scores for "
                + candidates.size()
                + " candidates");
      }
      for (int i = 0; i < s.length; i++) {
        total[i] += ws.weight() * clamp(s[i]);
      }
    }
    List<ScoredExpert> scored = new ArrayList<>(candidates.size());
    for (int i = 0; i < total.length; i++) {
      scored.add(new ScoredExpert(candidates.get(i), total[i]));
    }
    scored.sort(Comparator.comparingDouble(ScoredExpert::score).reversed());
    return scored;
  }

  private static double clamp(double v) {
    if (Double.isNaN(v)) {
      return 0;
    }
    return Math.max(0, Math.min(1, v));
  }
}
