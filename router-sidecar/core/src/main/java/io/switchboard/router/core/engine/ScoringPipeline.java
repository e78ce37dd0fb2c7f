package io.switchboard.router.core.engine;

import io.switchboard.router.core.spi.Decision;
import io.switchboard.router.core.spi.ExpertFilter;
import io.switchboard.router.core.spi.ExpertPicker;
import io.switchboard.router.core.spi.ExpertState;
import io.switchboard.router.core.spi.RoutingRequest;
import io.switchboard.router.core.spi.ScoredExpert;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Filters, then scores (each scorer's output clamped to [0,1], times its weight, summed), then
 * picks. The remaining candidates, by descending score, become the fallbacks. Synchronous:
 * strategies needing features resolve them first and then run the pipeline.
 */
public final class ScoringPipeline {
  private final List<ExpertFilter> filters;
  private final List<WeightedScorer> scorers;
  private final ExpertPicker picker;

  public ScoringPipeline(
      List<ExpertFilter> filters, List<WeightedScorer> scorers, ExpertPicker picker) {
    this.filters = List.copyOf(filters);
    this.scorers = List.copyOf(scorers);
    this.picker = picker;
  }

  /**
   * @return the decision, or empty when every candidate was filtered out
   */
  public Optional<Decision> run(
      RoutingRequest request, List<ExpertState> candidates, String reason) {
    List<ExpertState> kept = candidates;
    for (ExpertFilter f : filters) {
      kept = f.filter(request, kept);
      if (kept.isEmpty()) {
        return Optional.empty();
      }
    }
    List<ScoredExpert> scored = score(request, kept);
    int chosen = picker.pick(request, scored);
    List<String> fallbacks = new ArrayList<>(scored.size() - 1);
    for (int i = 0; i < scored.size(); i++) {
      if (i != chosen) {
        fallbacks.add(scored.get(i).expert().name());
      }
    }
    return Optional.of(Decision.of(scored.get(chosen).expert().name(), reason, fallbacks));
  }

  /** Combined scores, sorted descending (stable: ties keep candidate order). */
  public List<ScoredExpert> score(RoutingRequest request, List<ExpertState> candidates) {
    double[] total = new double[candidates.size()];
    if (scorers.isEmpty()) {
      java.util.Arrays.fill(total, 1.0);
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
