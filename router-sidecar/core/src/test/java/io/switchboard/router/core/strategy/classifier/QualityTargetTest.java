package io.switchboard.router.core.strategy.classifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.router.config.ClassifierParams;
import io.switchboard.router.config.EncoderSpec;
import io.switchboard.router.core.features.QueryFeatures;
import io.switchboard.router.core.features.TextFeatureExtractor;
import io.switchboard.router.core.features.TokenCounter;
import io.switchboard.router.core.spi.Decision;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QualityTargetTest {

  private static final TextFeatureExtractor EXTRACTOR =
      new TextFeatureExtractor(TokenCounter.charsPerToken());

  private static QueryFeatures features(String text) {
    float[] embedding = text.startsWith("hard") ? new float[] {1, 0} : new float[] {0, 1};
    return new QueryFeatures(text, EXTRACTOR.extract(text), embedding);
  }

  /**
   * "hard" prompts: only "large" is right; "easy" ones: both are. "small" costs a tenth of "large".
   */
  private static RouterModelArtifact trained() throws Exception {
    List<TrainingExample> examples = new ArrayList<>();
    for (int i = 0; i < 80; i++) {
      boolean hard = i % 2 == 0;
      examples.add(
          new TrainingExample(
              features(hard ? "hard question " + i : "easy question " + i),
              hard ? Map.of("large", 1.0, "small", 0.0) : Map.of("large", 1.0, "small", 1.0)));
    }
    RouterModelArtifact artifact =
        new ClassifierTrainer(
                new ClassifierTrainer.Settings(
                    List.of(ClassifierTrainer.ScoreModel.DIFFERENCE),
                    List.of(0.01),
                    List.of(0.01),
                    List.of(0),
                    4,
                    200,
                    0.05,
                    1,
                    EncoderSpec.DEFAULT))
            .train(
                "toy",
                examples,
                List.of("large", "small"),
                Map.of("large", 0.01, "small", 0.001),
                "large",
                "small");
    // Through JSON, as a router loads it.
    ObjectMapper json = new ObjectMapper();
    return json.readValue(json.writeValueAsBytes(artifact), RouterModelArtifact.class);
  }

  @Test
  void trainingCarriesCalibrationAndTheOutOfFoldCurve() throws Exception {
    RouterModelArtifact artifact = trained();
    assertThat(artifact.outOfFold().folds()).isEqualTo(4);
    assertThat(artifact.outOfFold().targetCurve()).hasSize(TargetCurve.thresholdGrid().length);
    // λ = 0 buys the best predicted expert everywhere: "large", always right.
    assertThat(artifact.outOfFold().targetCurve().get(0).meanQuality()).isEqualTo(1.0);
    assertThat(artifact.experts())
        .allSatisfy(e -> assertThat(e.calibration().method()).isIn("none", "isotonic", "platt"));
  }

  @Test
  void aTargetIsMetAtTheLowestCost() throws Exception {
    QualityRouter router = new QualityRouter(trained());
    ClassifierStrategy full =
        new ClassifierStrategy(
            router,
            0.5,
            ClassifierStrategyFactory.target(
                router,
                new ClassifierParams(
                    "m", null, ClassifierParams.TargetQuality.ofReference(1.0, "large"))),
            null);
    // Quality 1 needs "large" on hard prompts only; the easy half goes to the cheap expert.
    Decision hard = full.decide(features("hard question x"), List.of("small", "large"));
    Decision easy = full.decide(features("easy question x"), List.of("small", "large"));
    assertThat(hard.expert()).isEqualTo("large");
    assertThat(easy.expert()).isEqualTo("small");
    assertThat(hard.reason()).isEqualTo("target-quality");
    assertThat(hard.predictedQuality()).isPresent();
    assertThat(hard.predictedQuality().getAsDouble()).isBetween(0.5, 1.0);
    assertThat(full.target().quality()).isEqualTo(1.0);

    ClassifierStrategy half =
        new ClassifierStrategy(
            router,
            0.5,
            ClassifierStrategyFactory.target(
                router,
                new ClassifierParams("m", null, ClassifierParams.TargetQuality.absolute(0.5))),
            null);
    // Half the prompts are easy: the cheap expert alone reaches 0.5.
    assertThat(half.decide(features("hard question x"), List.of("small", "large")).expert())
        .isEqualTo("small");
    assertThat(half.meters()).hasSize(4);
  }

  @Test
  void aReferenceTheModelDoesNotKnowIsRefused() throws Exception {
    QualityRouter router = new QualityRouter(trained());
    assertThatThrownBy(
            () ->
                ClassifierStrategyFactory.target(
                    router,
                    new ClassifierParams(
                        "m", null, ClassifierParams.TargetQuality.ofReference(0.9, "gpt-9"))))
        .hasMessageContaining("gpt-9");
  }

  @Test
  void anArtifactWithoutTheCurveCannotServeATarget() throws Exception {
    RouterModelArtifact old = trained().withOutOfFold(null);
    QualityRouter router = new QualityRouter(old);
    assertThat(router.supportsTarget()).isFalse();
    assertThatThrownBy(() -> router.resolveTarget(0.9)).hasMessageContaining("retrain");
  }
}
