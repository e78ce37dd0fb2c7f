package io.switchboard.router.core.strategy.classifier;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.router.config.ClassifierExpertNames;
import io.switchboard.router.config.ClassifierParams;
import io.switchboard.router.config.Mode;
import io.switchboard.router.config.RouterConfig;
import io.switchboard.router.core.features.RequestQueryFeatures;
import io.switchboard.router.core.spi.RoutingStrategy;
import io.switchboard.router.core.spi.StrategyContext;
import io.switchboard.router.core.spi.StrategyFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

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
      QualityRouter router = forPolicy(context.config());
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

  /**
   * The policy's trained model, checked against its encoder, with the model's (dataset) ids renamed
   * to the policy's experts ({@link ClassifierExpertNames}). Refused when no id maps to an expert:
   * such a model would route nothing it was trained for.
   */
  public static QualityRouter forPolicy(RouterConfig config) throws IOException {
    ClassifierParams params = config.policy().params().classifierOrDefault();
    RouterModelArtifact artifact =
        new ObjectMapper()
            .readValue(Path.of(params.modelFile()).toFile(), RouterModelArtifact.class);
    artifact.header().requireEncoder(config.policy().embedding().spec());
    List<String> ids = artifact.experts().stream().map(RouterModelArtifact.Expert::name).toList();
    Map<String, String> modelByExpert = ClassifierExpertNames.modelByExpert(config.experts());
    Map<String, String> names =
        ClassifierExpertNames.resolve(ids, params.expertModels(), modelByExpert);
    if (names.isEmpty()) {
      throw new IllegalArgumentException(
          "the model knows model ids "
              + ids
              + ", none of which is an expert of this policy "
              + modelByExpert.keySet()
              + " by name, by its model or by params.classifier.expertModels");
    }
    return new QualityRouter(artifact.withExpertNames(names));
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
