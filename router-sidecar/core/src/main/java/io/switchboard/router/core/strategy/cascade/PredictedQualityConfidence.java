package io.switchboard.router.core.strategy.cascade;

import io.switchboard.router.core.features.RequestQueryFeatures;
import io.switchboard.router.core.spi.ExpertReply;
import io.switchboard.router.core.spi.RoutingRequest;
import io.switchboard.router.core.spi.Verdict;
import io.switchboard.router.core.strategy.classifier.QualityRouter;
import java.util.concurrent.CompletionStage;

/**
 * Confidence = the learned quality predictor's probability that the answering expert handles this
 * query well (the classifier model of {@code params.classifier.modelFile}). It judges the query,
 * not the answer text, so it is cheap; experts the model does not know are accepted.
 */
final class PredictedQualityConfidence implements StageCheck {

  private final QualityRouter predictor;
  private final RequestQueryFeatures featurizer;
  private final double threshold;

  PredictedQualityConfidence(
      QualityRouter predictor, RequestQueryFeatures featurizer, double threshold) {
    this.predictor = predictor;
    this.featurizer = featurizer;
    this.threshold = threshold;
  }

  @Override
  public boolean embedsPrompts() {
    return true;
  }

  @Override
  public CompletionStage<Verdict> evaluate(RoutingRequest request, ExpertReply answer, int stage) {
    return featurizer
        .features(request, true)
        .thenApply(
            features -> {
              Double quality = predictor.predictQuality(features).get(answer.expert());
              if (quality == null) {
                return Verdict.accept(Double.NaN, "unknown-to-predictor");
              }
              return quality >= threshold
                  ? Verdict.accept(quality, "predicted-good")
                  : Verdict.escalate(quality, "low-predicted-quality");
            })
        .exceptionally(failure -> Verdict.accept(Double.NaN, "predictor-failed"));
  }
}
