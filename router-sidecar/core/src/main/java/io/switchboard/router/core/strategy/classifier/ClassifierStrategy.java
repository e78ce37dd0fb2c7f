package io.switchboard.router.core.strategy.classifier;

import io.switchboard.router.core.features.QueryFeatures;
import io.switchboard.router.core.features.RequestQueryFeatures;
import io.switchboard.router.core.spi.Candidates;
import io.switchboard.router.core.spi.Decision;
import io.switchboard.router.core.spi.RoutingRequest;
import io.switchboard.router.core.spi.RoutingStrategy;
import io.switchboard.router.core.spi.StrategyMeter;
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
 * as fallbacks (after the known ones). With a quality target the threshold is the one the model's
 * out-of-fold curve says meets the target at the lowest cost ({@link TargetCurve}), and every known
 * candidate is weighed by that rule (never the strong/weak pair score). Every decision carries the
 * chosen expert's calibrated predicted quality.
 */
public final class ClassifierStrategy implements RoutingStrategy {

  /**
   * A quality target resolved against the model.
   *
   * @param quality the absolute target (a fraction of a reference expert's training quality is
   *     converted before)
   * @param resolution the operating point chosen on the out-of-fold curve
   */
  public record Target(double quality, TargetCurve.Resolution resolution) {}

  private final QualityRouter router;
  private final double threshold;
  private final Target target;
  private final RequestQueryFeatures featurizer;

  public ClassifierStrategy(
      QualityRouter router, double threshold, RequestQueryFeatures featurizer) {
    this(router, threshold, null, featurizer);
  }

  /**
   * @param target a quality target (null: route by {@code threshold})
   */
  public ClassifierStrategy(
      QualityRouter router, double threshold, Target target, RequestQueryFeatures featurizer) {
    this.router = router;
    this.threshold = target == null ? threshold : target.resolution().threshold();
    this.target = target;
    this.featurizer = featurizer;
  }

  /** Resolves an absolute quality target on the model's out-of-fold curve. */
  public static Target target(QualityRouter router, double absoluteQuality) {
    return new Target(absoluteQuality, router.resolveTarget(absoluteQuality));
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
    boolean pairScore = target == null && router.routesPairByScore(known);
    String chosen =
        pairScore
            ? router.choosePair(features, threshold)
            : router.choose(quality, known, threshold);
    List<String> fallbacks =
        new ArrayList<>(
            known.stream()
                .filter(e -> !e.equals(chosen))
                .sorted(Comparator.comparingDouble((String e) -> -quality.get(e)))
                .toList());
    available.stream().filter(e -> !quality.containsKey(e)).forEach(fallbacks::add);
    String reason =
        target != null
            ? (target.resolution().reachable() ? "target-quality" : "target-unreachable")
            : pairScore ? "pair-score" : "predicted-quality";
    return Decision.of(chosen, reason, fallbacks).withPredictedQuality(quality.get(chosen));
  }

  /** The target this strategy routes to, or null. */
  public Target target() {
    return target;
  }

  @Override
  public List<StrategyMeter> meters() {
    if (target == null) {
      return List.of();
    }
    TargetCurve.Resolution resolution = target.resolution();
    return List.of(
        StrategyMeter.gauge(
            "switchboard.router.classifier.target.quality",
            "Absolute quality target of the policy (a reference fraction already applied)",
            Map.of(),
            target::quality),
        StrategyMeter.gauge(
            "switchboard.router.classifier.target.expected.quality",
            "Out-of-fold training quality of the operating point chosen for the target",
            Map.of(),
            resolution::expectedQuality),
        StrategyMeter.gauge(
            "switchboard.router.classifier.target.threshold",
            "Cost weight the target resolved to on the model's out-of-fold curve",
            Map.of(),
            resolution::threshold),
        StrategyMeter.gauge(
            "switchboard.router.classifier.target.reachable",
            "1 when the out-of-fold curve reaches the target, 0 when the best point falls short",
            Map.of(),
            () -> resolution.reachable() ? 1 : 0));
  }
}
