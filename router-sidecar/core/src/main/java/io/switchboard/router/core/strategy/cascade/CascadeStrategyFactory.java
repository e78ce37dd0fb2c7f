package io.switchboard.router.core.strategy.cascade;

import io.switchboard.router.config.CascadeParams;
import io.switchboard.router.config.CascadeStreaming;
import io.switchboard.router.config.ConfidenceSource;
import io.switchboard.router.config.Mode;
import io.switchboard.router.config.PolicyConfig;
import io.switchboard.router.config.RouterConfig;
import io.switchboard.router.core.features.RequestQueryFeatures;
import io.switchboard.router.core.spi.RoutingStrategy;
import io.switchboard.router.core.spi.StrategyContext;
import io.switchboard.router.core.spi.StrategyFactory;
import io.switchboard.router.core.strategy.classifier.ClassifierStrategyFactory;
import io.switchboard.router.core.strategy.classifier.QualityRouter;
import io.switchboard.router.core.strategy.judge.AnswerGrader;
import java.io.IOException;
import java.time.Duration;

/**
 * Builds {@link CascadeStrategy} from {@code policy.params.cascade}. The {@code predictor}
 * confidence uses the classifier model named in {@code params.classifier.modelFile}; the {@code
 * judge} confidence calls {@code judgeExpert} with the policy's request timeout.
 */
public final class CascadeStrategyFactory implements StrategyFactory {

  static final Duration JUDGE_TIMEOUT = Duration.ofSeconds(10);

  @Override
  public Mode mode() {
    return Mode.CASCADE;
  }

  @Override
  public RoutingStrategy create(StrategyContext context) {
    PolicyConfig policy = context.config().policy();
    CascadeParams params = policy.params().cascadeOrDefault();
    for (String expert : params.order()) {
      if (context.config().expert(expert).isEmpty()) {
        throw new IllegalArgumentException("cascade order names unknown expert '" + expert + "'");
      }
    }
    StageCheck check =
        switch (params.confidence()) {
          case LOGPROBS -> new LogprobConfidence(params.threshold());
          case PREDICTOR ->
              new PredictedQualityConfidence(
                  loadPredictor(context.config()), new RequestQueryFeatures(), params.threshold());
          case JUDGE -> {
            if (params.judgeExpert() == null
                || context.config().expert(params.judgeExpert()).isEmpty()) {
              throw new IllegalArgumentException(
                  "cascade confidence 'judge' needs judgeExpert naming a configured expert");
            }
            yield new JudgeConfidence(
                new AnswerGrader(context.expertClient(), params.judgeExpert(), JUDGE_TIMEOUT),
                params.threshold());
          }
        };
    return new CascadeStrategy(
        params.order(),
        params.maxDepth(),
        params.maxAddedLatencyMs(),
        check,
        params.confidence() == ConfidenceSource.LOGPROBS,
        params.streaming() == CascadeStreaming.STREAM_FIRST_STAGE);
  }

  private static QualityRouter loadPredictor(RouterConfig config) {
    String modelFile = config.policy().params().classifierOrDefault().modelFile();
    if (modelFile == null) {
      throw new IllegalArgumentException(
          "cascade confidence 'predictor' needs params.classifier.modelFile");
    }
    try {
      return ClassifierStrategyFactory.forPolicy(config);
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException(
          "cannot load quality predictor " + modelFile + ": " + e.getMessage(), e);
    }
  }
}
