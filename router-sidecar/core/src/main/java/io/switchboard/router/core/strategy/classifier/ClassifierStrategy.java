package io.switchboard.router.core.strategy.classifier;

import io.switchboard.router.core.features.QueryFeatures;
import io.switchboard.router.core.features.RequestQueryFeatures;
import io.switchboard.router.core.spi.Candidates;
import io.switchboard.router.core.spi.Decision;
import io.switchboard.router.core.spi.RoutingRequest;
import io.switchboard.router.core.spi.RoutingStrategy;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * {@code classifier} mode: the offline-trained {@link QualityRouter} predicts each available
 * expert's quality for the query and picks {@code argmax p̂ − threshold · normalised cost}; the
 * other experts, best first, are the fallbacks. Experts the model was not trained on are only used
 * as fallbacks (after the known ones).
 */
public final class ClassifierStrategy implements RoutingStrategy {

  private final QualityRouter router;
  private final double threshold;
  private final RequestQueryFeatures featurizer;

  public ClassifierStrategy(
      QualityRouter router, double threshold, RequestQueryFeatures featurizer) {
    this.router = router;
    this.threshold = threshold;
    this.featurizer = featurizer;
  }

  @Override
  public String type() {
    return "classifier";
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
    List<String> available = candidates.names();
    return featurizer.features(request, true).thenApply(features -> decide(features, available));
  }

  /** Synchronous core, shared with the offline evaluator. */
  public Decision decide(QueryFeatures features, List<String> available) {
    Map<String, Double> quality = router.predictQuality(features);
    List<String> known = available.stream().filter(quality::containsKey).toList();
    if (known.isEmpty()) {
      return Decision.of(
          available.get(0), "model-knows-no-candidate", available.subList(1, available.size()));
    }
    String chosen =
        router.routesPairByScore(known)
            ? router.choosePair(features, threshold)
            : router.choose(quality, known, threshold);
    List<String> fallbacks =
        new ArrayList<>(
            known.stream()
                .filter(e -> !e.equals(chosen))
                .sorted(Comparator.comparingDouble((String e) -> -quality.get(e)))
                .toList());
    available.stream().filter(e -> !quality.containsKey(e)).forEach(fallbacks::add);
    return Decision.of(
        chosen, router.routesPairByScore(known) ? "pair-score" : "predicted-quality", fallbacks);
  }
}
