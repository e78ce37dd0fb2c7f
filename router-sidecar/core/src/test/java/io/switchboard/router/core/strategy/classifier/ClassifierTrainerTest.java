package io.switchboard.router.core.strategy.classifier;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.router.core.features.QueryFeatures;
import io.switchboard.router.core.features.TextFeatures;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ClassifierTrainerTest {

  private static final List<String> EXPERTS = List.of("big", "small", "coder");
  private static final Map<String, Double> COST =
      Map.of("big", 0.01, "small", 0.0001, "coder", 0.001);

  /**
   * Embedding direction 0 = hard prose (only "big" succeeds), 1 = code (coder and big), 2 = easy
   * (all succeed).
   */
  private static List<TrainingExample> examples(int n, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<TrainingExample> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int kind = random.nextInt(3);
      float[] embedding = new float[8];
      for (int j = 0; j < embedding.length; j++) {
        embedding[j] = (float) (0.1 * (random.nextDouble() - 0.5));
      }
      embedding[kind] += 1;
      TextFeatures text = new TextFeatures(20, 1, 0, 0, kind == 1, false, 1, false);
      QueryFeatures features =
          new QueryFeatures(kind == 1 ? "def f(x): return x" : "what is it", text, embedding);
      Map<String, Double> quality =
          switch (kind) {
            case 0 -> Map.of("big", 1.0, "small", 0.0, "coder", 0.0);
            case 1 -> Map.of("big", 1.0, "small", 0.0, "coder", 1.0);
            default -> Map.of("big", 1.0, "small", 1.0, "coder", 1.0);
          };
      out.add(new TrainingExample(features, quality));
    }
    return out;
  }

  @Test
  void learnsWhichExpertSufficesAndPicksTheCheapestAdequateOne() throws Exception {
    ClassifierTrainer trainer =
        new ClassifierTrainer(
            new ClassifierTrainer.Settings(
                List.of(ClassifierTrainer.ScoreModel.DIFFERENCE),
                List.of(1e-3, 0.1),
                List.of(1e-3),
                List.of(0, 64),
                3,
                150,
                0.05,
                1,
                io.switchboard.router.config.EncoderSpec.DEFAULT));
    RouterModelArtifact artifact =
        trainer.train("synthetic", examples(300, 1), EXPERTS, COST, "big", "small");
    // Two thirds of the prompts need "big": a perfect ranking has APGR (2/3)/2 + 1/3 = 0.667;
    // random has 0.5.
    assertThat(artifact.training().cvApgr()).isGreaterThan(0.62);
    assertThat(artifact.training().grid()).hasSize(4);

    ObjectMapper json = new ObjectMapper();
    byte[] bytes = json.writeValueAsBytes(artifact);
    assertThat(bytes.length).isLessThan(1024 * 1024);
    QualityRouter router = new QualityRouter(json.readValue(bytes, RouterModelArtifact.class));

    int correct = 0;
    List<TrainingExample> test = examples(90, 2);
    for (TrainingExample example : test) {
      String chosen = router.choose(example.features(), EXPERTS, 0.3);
      String cheapestAdequate =
          example.quality().get("small") == 1.0
              ? "small"
              : example.quality().get("coder") == 1.0 ? "coder" : "big";
      if (chosen.equals(cheapestAdequate)) {
        correct++;
      }
    }
    assertThat(correct).isGreaterThanOrEqualTo(85);
    // Threshold 0: quality only; every query goes to the (always adequate) big expert or a
    // tie-equal one.
    for (TrainingExample example : test) {
      assertThat(example.quality().get(router.choose(example.features(), EXPERTS, 0.0)))
          .isEqualTo(1.0);
    }
  }

  @Test
  void refusesAnArtifactOfAnotherFormat() throws Exception {
    ClassifierTrainer trainer =
        new ClassifierTrainer(
            new ClassifierTrainer.Settings(
                List.of(ClassifierTrainer.ScoreModel.PAIR),
                List.of(0.1),
                List.of(0.1),
                List.of(0),
                2,
                20,
                0.05,
                1,
                io.switchboard.router.config.EncoderSpec.DEFAULT));
    RouterModelArtifact artifact =
        trainer.fit(
            examples(30, 3),
            EXPERTS,
            COST,
            "big",
            "small",
            ClassifierTrainer.ScoreModel.PAIR,
            0.1,
            0.1,
            0);
    RouterModelArtifact future =
        new RouterModelArtifact(
            99,
            artifact.embeddingModel(),
            artifact.maxTokens(),
            artifact.truncation(),
            artifact.hashBuckets(),
            artifact.featureMean(),
            artifact.featureDeviation(),
            artifact.idf(),
            artifact.experts(),
            artifact.strongExpert(),
            artifact.weakExpert(),
            artifact.pairWeights(),
            null);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new QualityRouter(future))
        .hasMessageContaining("format 99 is not supported");
  }
}
