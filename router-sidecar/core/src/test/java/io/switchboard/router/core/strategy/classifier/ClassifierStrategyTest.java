package io.switchboard.router.core.strategy.classifier;

import static io.switchboard.router.core.strategy.StrategyTestKit.available;
import static io.switchboard.router.core.strategy.StrategyTestKit.down;
import static io.switchboard.router.core.strategy.StrategyTestKit.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.router.config.EncoderSpec;
import io.switchboard.router.config.Truncation;
import io.switchboard.router.core.features.QueryFeatures;
import io.switchboard.router.core.features.RequestQueryFeatures;
import io.switchboard.router.core.features.TextFeatureExtractor;
import io.switchboard.router.core.features.TokenCounter;
import io.switchboard.router.core.spi.Candidates;
import io.switchboard.router.core.spi.Decision;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class ClassifierStrategyTest {

  /**
   * "hard ..." prompts embed to (1,0) and only "large" answers them well; "easy ..." to (0,1),
   * where both do.
   */
  private static final Function<String, float[]> EMBED =
      text -> text.startsWith("hard") ? new float[] {1, 0} : new float[] {0, 1};

  @Test
  void routesThroughTheSpiWithTheTrainedModel() {
    TextFeatureExtractor extractor = new TextFeatureExtractor(TokenCounter.charsPerToken());
    List<TrainingExample> examples = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      String text = i % 2 == 0 ? "hard question" : "easy question";
      QueryFeatures features = new QueryFeatures(text, extractor.extract(text), EMBED.apply(text));
      examples.add(
          new TrainingExample(
              features,
              i % 2 == 0
                  ? Map.of("large", 1.0, "small", 0.0)
                  : Map.of("large", 1.0, "small", 1.0)));
    }
    ClassifierTrainer trainer =
        new ClassifierTrainer(
            new ClassifierTrainer.Settings(
                List.of(ClassifierTrainer.ScoreModel.DIFFERENCE),
                List.of(0.01),
                List.of(0.01),
                List.of(0),
                2,
                200,
                0.05,
                1,
                EncoderSpec.DEFAULT));
    RouterModelArtifact artifact =
        trainer.fit(
            examples,
            List.of("large", "small"),
            Map.of("large", 0.01, "small", 0.001),
            "large",
            "small",
            ClassifierTrainer.ScoreModel.DIFFERENCE,
            0.01,
            0.01,
            0);
    ClassifierStrategy strategy =
        new ClassifierStrategy(new QualityRouter(artifact), 0.3, new RequestQueryFeatures());
    AtomicInteger embeddings = new AtomicInteger();

    Decision hard =
        strategy
            .route(
                request("1", "hard question", EMBED, embeddings),
                Candidates.of(
                    List.of(available("small"), available("large"), available("unknown"))))
            .toCompletableFuture()
            .join();
    assertThat(hard.expert()).isEqualTo("large");
    assertThat(hard.fallbacks()).containsExactly("small", "unknown");

    Decision easy =
        strategy
            .route(
                request("2", "easy question", EMBED, embeddings),
                Candidates.of(List.of(available("small"), available("large"))))
            .toCompletableFuture()
            .join();
    assertThat(easy.expert()).isEqualTo("small");
    assertThat(easy.reason()).isEqualTo("predicted-quality");

    Decision onlyUnknown =
        strategy
            .route(
                request("3", "hard question", EMBED, embeddings),
                Candidates.of(List.of(down("large"), available("unknown"))))
            .toCompletableFuture()
            .join();
    assertThat(onlyUnknown.expert()).isEqualTo("unknown");
    assertThat(embeddings).hasValue(3);
  }

  @Test
  void refusesAModelTrainedWithAnotherEncoder(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    TextFeatureExtractor extractor = new TextFeatureExtractor(TokenCounter.charsPerToken());
    List<TrainingExample> examples = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      String text = "question " + i;
      examples.add(
          new TrainingExample(
              new QueryFeatures(text, extractor.extract(text), EMBED.apply(text)),
              Map.of("large", 1.0, "small", (double) (i % 2))));
    }
    EncoderSpec staticTail64 =
        new EncoderSpec(EncoderSpec.Encoder.MINILM_STATIC, 64, Truncation.TAIL);
    RouterModelArtifact artifact =
        new ClassifierTrainer(
                new ClassifierTrainer.Settings(
                    List.of(ClassifierTrainer.ScoreModel.DIFFERENCE),
                    List.of(0.01),
                    List.of(0.01),
                    List.of(0),
                    2,
                    20,
                    0.05,
                    1,
                    staticTail64))
            .fit(
                examples,
                List.of("large", "small"),
                Map.of("large", 0.01, "small", 0.001),
                "large",
                "small",
                ClassifierTrainer.ScoreModel.DIFFERENCE,
                0.01,
                0.01,
                0);
    assertThat(artifact.embeddingModel()).isEqualTo("all-minilm-l6-v2-q-static");
    java.nio.file.Path file = dir.resolve("model.json");
    com.fasterxml.jackson.databind.ObjectMapper json =
        new com.fasterxml.jackson.databind.ObjectMapper();
    json.writeValue(file.toFile(), artifact);

    assertThat(QualityRouter.load(file, json, staticTail64).artifact().encoderSpec())
        .isEqualTo(staticTail64);
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> QualityRouter.load(file, json, EncoderSpec.DEFAULT))
        .hasMessage(
            "the model was trained with encoder minilm-static/tail64 but the policy embeds with minilm/tail128;"
                + " set the policy's embedding to encoder minilm-static, maxTokens 64, truncation tail"
                + " or retrain the model with --encoder minilm");
  }
}
