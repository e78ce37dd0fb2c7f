package io.switchboard.router.core.strategy.classifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.router.config.EncoderSpec;
import io.switchboard.router.config.RouterConfig;
import io.switchboard.router.config.RouterConfigCodec;
import io.switchboard.router.core.features.QueryFeatures;
import io.switchboard.router.core.features.TextFeatureExtractor;
import io.switchboard.router.core.features.TokenCounter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A model trained on dataset model ids routes a pool whose experts are named otherwise. */
class ClassifierExpertMappingTest {
  private static final String STRONG_ID = "gpt-4-1106-preview";
  private static final String WEAK_ID = "mixtral-8x7b-instruct-v0.1";
  private static final TextFeatureExtractor EXTRACTOR =
      new TextFeatureExtractor(TokenCounter.charsPerToken());

  private static QueryFeatures features(String text) {
    return new QueryFeatures(
        text,
        EXTRACTOR.extract(text),
        text.startsWith("hard") ? new float[] {1, 0} : new float[] {0, 1});
  }

  /** Only the strong id answers "hard" prompts well; both answer "easy" ones. */
  private static Path trainedModel(Path dir) throws Exception {
    List<TrainingExample> examples = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      String text = i % 2 == 0 ? "hard question" : "easy question";
      examples.add(
          new TrainingExample(
              features(text),
              i % 2 == 0
                  ? Map.of(STRONG_ID, 1.0, WEAK_ID, 0.0)
                  : Map.of(STRONG_ID, 1.0, WEAK_ID, 1.0)));
    }
    RouterModelArtifact artifact =
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
                    EncoderSpec.DEFAULT))
            .fit(
                examples,
                List.of(STRONG_ID, WEAK_ID),
                Map.of(STRONG_ID, 0.01, WEAK_ID, 0.001),
                STRONG_ID,
                WEAK_ID,
                ClassifierTrainer.ScoreModel.DIFFERENCE,
                0.01,
                0.01,
                0);
    Path file = dir.resolve("model.json");
    new ObjectMapper().writeValue(file.toFile(), artifact);
    return file;
  }

  private static RouterConfig config(Path model, String classifierExtra, String strongModel)
      throws Exception {
    return new RouterConfigCodec()
        .parse(
            ("{\"apiVersion\":\"switchboard.io/router-config/v1\",\"policy\":{\"name\":\"p\","
                    + "\"virtualModel\":\"auto\",\"mode\":\"classifier\",\"params\":{\"classifier\":"
                    + "{\"modelFile\":\"%s\",\"threshold\":0.3%s}}},\"experts\":["
                    + "{\"name\":\"strong\",\"model\":\"%s\",\"endpoint\":\"http://127.0.0.1:1\"},"
                    + "{\"name\":\"cheap\",\"model\":\"mistralai/Mixtral-8x7B-Instruct-v0.1\","
                    + "\"endpoint\":\"http://127.0.0.1:2\"}]}")
                .formatted(model, classifierExtra, strongModel));
  }

  @Test
  void idsMapByTheExpertsModelAndByTheExplicitMapping(@TempDir Path dir) throws Exception {
    QualityRouter router =
        ClassifierStrategyFactory.forPolicy(
            config(
                trainedModel(dir), ",\"expertModels\":{\"" + WEAK_ID + "\":\"cheap\"}", STRONG_ID));

    assertThat(router.experts()).containsExactly("strong", "cheap");
    List<String> pool = List.of("cheap", "strong");
    assertThat(router.choose(features("hard question"), pool, 0.3)).isEqualTo("strong");
    assertThat(router.choose(features("easy question"), pool, 0.3)).isEqualTo("cheap");
  }

  @Test
  void aModelThatKnowsNoneOfThePolicysExpertsIsRefusedNamingTheIds(@TempDir Path dir)
      throws Exception {
    Path model = trainedModel(dir);
    assertThatThrownBy(
            () -> ClassifierStrategyFactory.forPolicy(config(model, "", "meta-llama/Llama-3.1-8B")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(STRONG_ID)
        .hasMessageContaining(WEAK_ID)
        .hasMessageContaining("[strong, cheap]");
  }

  @Test
  void twoIdsOnOneExpertAreRefused(@TempDir Path dir) throws Exception {
    Path model = trainedModel(dir);
    assertThatThrownBy(
            () ->
                ClassifierStrategyFactory.forPolicy(
                    config(model, ",\"expertModels\":{\"" + WEAK_ID + "\":\"strong\"}", STRONG_ID)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("both map to expert 'strong'");
  }
}
