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
 * minSimilarity} are dropped, the best-scoring one is chosen, the rest (by score) are fallbacks.
 *
 * <p>{@code costSensitivity} c trades capability for price: an expert scores {@code (1 − c) · match
 * + c · cheapness}, both relative to the remaining experts: match is 1 for the most similar and 0
 * for the least similar, cheapness 1 for the cheapest and 0 for the dearest on a log scale of input
 * + output price per million tokens (prices span two orders of magnitude, so a linear scale would
 * make every expert but the dearest look free). Cosine similarities of capability vectors sit close
 * together, so without the rescaling any c above a few percent would let price decide alone. Prices
 * below $0.001 per million (self-hosted experts priced at 0) count as $0.001. At c = 0 price is
 * ignored; at c = 1 the cheapest expert above {@code minSimilarity} wins.
 */
public final class CapabilityStrategy implements RoutingStrategy {

  private final NeedsEstimator needs;
  private static final double MIN_PRICE = 1e-3;

  private final double minSimilarity;
  private final double costSensitivity;

  public CapabilityStrategy(NeedsEstimator needs, double minSimilarity) {
    this(needs, minSimilarity, 0);
  }

  public CapabilityStrategy(NeedsEstimator needs, double minSimilarity, double costSensitivity) {
    this.needs = needs;
    this.minSimilarity = minSimilarity;
    this.costSensitivity = costSensitivity;
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
    record Match(String expert, double similarity, double logPrice) {}
    List<Match> matches = new ArrayList<>();
    for (ExpertState expert : available) {
      double similarity =
          NeedsEstimator.cosine(queryNeeds, expert.config().capabilities().toArray());
      if (similarity >= minSimilarity) {
        double price = expert.config().inputUsdPerMillion() + expert.config().outputUsdPerMillion();
        matches.add(new Match(expert.name(), similarity, Math.log(Math.max(MIN_PRICE, price))));
      }
    }
    if (matches.isEmpty()) {
      throw new NoExpertAvailableException(
          "no available expert reaches capability similarity " + minSimilarity);
    }
    double cheapest = matches.stream().mapToDouble(Match::logPrice).min().orElseThrow();
    double dearest = matches.stream().mapToDouble(Match::logPrice).max().orElseThrow();
    double priceSpan = dearest - cheapest;
    double least = matches.stream().mapToDouble(Match::similarity).min().orElseThrow();
    double most = matches.stream().mapToDouble(Match::similarity).max().orElseThrow();
    double similaritySpan = most - least;
    Comparator<Match> byScore =
        Comparator.comparingDouble(
            m -> {
              double match = similaritySpan <= 0 ? 1 : (m.similarity() - least) / similaritySpan;
              double cheapness = priceSpan <= 0 ? 1 : (dearest - m.logPrice()) / priceSpan;
              return (1 - costSensitivity) * match + costSensitivity * cheapness;
            });
    matches.sort(byScore.thenComparingDouble(Match::similarity).reversed());
    return Decision.of(
        matches.get(0).expert(),
        "capability-match",
        matches.subList(1, matches.size()).stream().map(Match::expert).toList());
  }

  public double[] needs(float[] embedding) {
    return needs.needs(embedding);
  }
}
