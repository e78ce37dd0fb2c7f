package io.switchboard.router.core.strategy.classifier;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.router.config.ClassifierParams;
import io.switchboard.router.config.Mode;
import io.switchboard.router.core.features.RequestQueryFeatures;
import io.switchboard.router.core.spi.RoutingStrategy;
import io.switchboard.router.core.spi.StrategyContext;
import io.switchboard.router.core.spi.StrategyFactory;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Builds {@link ClassifierStrategy} from {@code policy.params.classifier} (model file written by
 * {@code switchboard-eval train}).
 */
public final class ClassifierStrategyFactory implements StrategyFactory {

  @Override
  public Mode mode() {
    return Mode.CLASSIFIER;
  }

  @Override
  public RoutingStrategy create(StrategyContext context) {
    ClassifierParams params = context.config().policy().params().classifierOrDefault();
    if (params.modelFile() == null) {
      throw new IllegalArgumentException("classifier mode needs params.classifier.modelFile");
    }
    try {
      QualityRouter router =
          QualityRouter.load(
              Path.of(params.modelFile()),
              new ObjectMapper(),
              context.config().policy().embedding().spec());
      ClassifierStrategy.Target target = target(router, params);
      return new ClassifierStrategy(
          router,
          target == null ? params.threshold() : target.resolution().threshold(),
          target,
          new RequestQueryFeatures());
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException(
          "cannot load classifier model " + params.modelFile() + ": " + e.getMessage(), e);
    }
  }

  /** The policy's quality target on the model's scale, or null without one. */
  static ClassifierStrategy.Target target(QualityRouter router, ClassifierParams params) {
    ClassifierParams.TargetQuality wanted = params.targetQuality();
    if (wanted == null) {
      return null;
    }
    double absolute;
    if (wanted.relative()) {
      double reference = router.trainingQuality(wanted.referenceExpert());
      if (Double.isNaN(reference)) {
        throw new IllegalArgumentException(
            "targetQuality.referenceExpert "
                + wanted.referenceExpert()
                + " is not an expert the model was trained on: "
                + router.experts());
      }
      absolute = wanted.fraction() * reference;
    } else {
      absolute = wanted.score();
    }
    return ClassifierStrategy.target(router, absolute);
  }
}
