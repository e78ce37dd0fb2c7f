package io.switchboard.router.core.strategy.capability;

import io.switchboard.router.core.spi.Candidates;
import io.switchboard.router.core.spi.Decision;
import io.switchboard.router.core.spi.ExpertState;
import io.switchboard.router.core.spi.NoExpertAvailableException;
import io.switchboard.router.core.spi.RoutingRequest;
import io.switchboard.router.core.spi.RoutingStrategy;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * {@code capability} mode: the query's estimated needs ({@link NeedsEstimator}) are matched to each
 * available expert's declared capability vector by cosine similarity; experts below {@code
 * minSimilarity} are dropped, the most similar one is chosen, the rest (by similarity) are
 * fallbacks.
 */
public final class CapabilityStrategy implements RoutingStrategy {

  private final NeedsEstimator needs;
  private final double minSimilarity;

  public CapabilityStrategy(NeedsEstimator needs, double minSimilarity) {
    this.needs = needs;
    this.minSimilarity = minSimilarity;
  }

  @Override
  public String type() {
    return "capability";
  }

  @Override
  public boolean embedsPrompts() {
    return true;
  }

  @Override
  public CompletionStage<Decision> route(RoutingRequest request, Candidates candidates) {
    if (candidates.isEmpty()) {
      return CompletableFuture.failedFuture(candidates.noneAvailable());
    }
    List<ExpertState> available = candidates.available();
    return request
        .features()
        .embedding()
        .thenCompose(
            embedding -> {
              try {
                return CompletableFuture.completedFuture(decide(needs.needs(embedding), available));
              } catch (NoExpertAvailableException e) {
                return CompletableFuture.failedFuture(e);
              }
            });
  }

  /** Synchronous core, shared with the offline evaluator. */
  public Decision decide(double[] queryNeeds, List<ExpertState> available) {
    record Match(String expert, double similarity) {}
    List<Match> matches = new ArrayList<>();
    for (ExpertState expert : available) {
      double similarity =
          NeedsEstimator.cosine(queryNeeds, expert.config().capabilities().toArray());
      if (similarity >= minSimilarity) {
        matches.add(new Match(expert.name(), similarity));
      }
    }
    if (matches.isEmpty()) {
      throw new NoExpertAvailableException(
          "no available expert reaches capability similarity " + minSimilarity);
    }
    matches.sort(Comparator.comparingDouble(Match::similarity).reversed());
    return Decision.of(
        matches.get(0).expert(),
        "capability-match",
        matches.subList(1, matches.size()).stream().map(Match::expert).toList());
  }

  public double[] needs(float[] embedding) {
    return needs.needs(embedding);
  }
}
