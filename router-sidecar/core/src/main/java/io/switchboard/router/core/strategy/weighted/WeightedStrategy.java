package io.switchboard.router.core.strategy.weighted;

import io.switchboard.router.config.WeightedParams;
import io.switchboard.router.core.engine.ExpertScorer;
import io.switchboard.router.core.engine.ScoredExpert;
import io.switchboard.router.core.engine.ScoringPipeline;
import io.switchboard.router.core.engine.WeightedRandomPicker;
import io.switchboard.router.core.engine.WeightedScorer;
import io.switchboard.router.core.spi.Candidates;
import io.switchboard.router.core.spi.Decision;
import io.switchboard.router.core.spi.ExpertState;
import io.switchboard.router.core.spi.NoExpertAvailableException;
import io.switchboard.router.core.spi.RoutingRequest;
import io.switchboard.router.core.spi.RoutingStrategy;
import io.switchboard.router.core.strategy.balance.LeastLatencyScorer;
import io.switchboard.router.core.strategy.balance.LeastRequestsScorer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.random.RandomGenerator;

/** Static weights, priority fallback and canary; the algorithm is described in the package doc. */
public final class WeightedStrategy implements RoutingStrategy {
  private final WeightedParams params;
  private final RandomGenerator random;
  private final ScoringPipeline tierScoring;

  public WeightedStrategy(WeightedParams params, RandomGenerator random) {
    this.params = params;
    this.random = random;
    List<WeightedScorer> scorers = new ArrayList<>();
    scorers.add(new WeightedScorer("weight", this::weightShare, 1.0));
    for (WeightedParams.ScorerRef ref : params.scorers()) {
      ExpertScorer scorer =
          switch (ref.type()) {
            case LEAST_LATENCY -> new LeastLatencyScorer(false);
            case LEAST_REQUESTS -> new LeastRequestsScorer();
          };
      scorers.add(new WeightedScorer(ref.type().wireName(), scorer, ref.weight()));
    }
    this.tierScoring = new ScoringPipeline(scorers);
  }

  @Override
  public String type() {
    return "weighted";
  }

  @Override
  public CompletionStage<Decision> route(RoutingRequest request, Candidates candidates) {
    try {
      return CompletableFuture.completedFuture(decide(request, candidates));
    } catch (NoExpertAvailableException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /** Synchronous core of {@link #route}, also used by offline evaluation. */
  public Decision decide(RoutingRequest request, Candidates candidates) {
    List<ExpertState> available = candidates.available();
    if (available.isEmpty()) {
      throw candidates.noneAvailable();
    }
    // The best tier among every eligible expert, available or not: serving a worse one is a
    // priority fallback.
    int bestConfiguredPriority = Integer.MAX_VALUE;
    for (ExpertState e : candidates.eligible()) {
      if (weight(e) > 0 && !isCanary(e)) {
        bestConfiguredPriority = Math.min(bestConfiguredPriority, e.config().priority());
      }
    }
    WeightedParams.CanaryParams canary = params.canary();
    if (canary != null && canary.percent() > 0) {
      for (ExpertState e : available) {
        if (isCanary(e) && random.nextDouble() * 100.0 < canary.percent()) {
          return Decision.of(e.name(), "canary", fallbackOrder(available, List.of(), e));
        }
      }
    }
    int tierPriority = Integer.MAX_VALUE;
    for (ExpertState e : available) {
      if (weight(e) > 0 && !isCanary(e)) {
        tierPriority = Math.min(tierPriority, e.config().priority());
      }
    }
    if (tierPriority == Integer.MAX_VALUE) {
      // Only standbys (weight 0) or the canary are left: serve from them in fallback order.
      List<String> order = fallbackOrder(available, List.of(), null);
      return Decision.of(order.get(0), "standby", order.subList(1, order.size()));
    }
    List<ExpertState> tier = new ArrayList<>();
    for (ExpertState e : available) {
      if (weight(e) > 0 && !isCanary(e) && e.config().priority() == tierPriority) {
        tier.add(e);
      }
    }
    List<ScoredExpert> scored = tierScoring.score(request, tier);
    int chosen = new WeightedRandomPicker(random).pick(request, scored);
    ExpertState pick = scored.get(chosen).expert();
    List<ExpertState> tierRest = new ArrayList<>(scored.size());
    for (int i = 0; i < scored.size(); i++) {
      if (i != chosen) {
        tierRest.add(scored.get(i).expert());
      }
    }
    String reason = tierPriority == bestConfiguredPriority ? "weight" : "priority-fallback";
    return Decision.of(pick.name(), reason, fallbackOrder(available, tierRest, pick));
  }

  /**
   * {@code first} in order, then every other available expert by priority, then weight descending.
   */
  private List<String> fallbackOrder(
      List<ExpertState> available, List<ExpertState> first, ExpertState exclude) {
    List<String> order = new ArrayList<>(available.size());
    for (ExpertState e : first) {
      order.add(e.name());
    }
    List<ExpertState> rest = new ArrayList<>(available);
    rest.sort(
        Comparator.comparingInt((ExpertState e) -> e.config().priority())
            .thenComparing(Comparator.comparingDouble(this::weight).reversed()));
    for (ExpertState e : rest) {
      if (e != exclude && !order.contains(e.name())) {
        order.add(e.name());
      }
    }
    return order;
  }

  private double[] weightShare(RoutingRequest request, List<ExpertState> tier) {
    double max = 0;
    for (ExpertState e : tier) {
      max = Math.max(max, weight(e));
    }
    double[] s = new double[tier.size()];
    for (int i = 0; i < s.length; i++) {
      s[i] = max <= 0 ? 0 : weight(tier.get(i)) / max;
    }
    return s;
  }

  private double weight(ExpertState e) {
    return params.weights().getOrDefault(e.name(), e.config().weight());
  }

  private boolean isCanary(ExpertState e) {
    return params.canary() != null && e.name().equals(params.canary().expert());
  }
}
