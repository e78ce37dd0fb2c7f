package io.switchboard.router.core.strategy.classifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.router.core.features.QueryFeatures;
import io.switchboard.router.core.features.TextFeatures;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The kNN scorer, its PCA, the score quantiles and rank averaging on small hand-checkable cases.
 */
class PairEnsembleMathTest {

  @Test
  void principalComponentsFindTheDirectionOfLargestVariance() {
    SplittableRandom random = new SplittableRandom(3);
    List<float[]> points = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      double t = random.nextGaussian();
      // Spread 3 along (1, 1, 0)/√2, 0.1 noise elsewhere, mean (5, 5, 5).
      points.add(
          new float[] {
            (float) (5 + 3 * t / Math.sqrt(2) + 0.1 * random.nextGaussian()),
            (float) (5 + 3 * t / Math.sqrt(2) + 0.1 * random.nextGaussian()),
            (float) (5 + 0.1 * random.nextGaussian())
          });
    }
    PrincipalComponents pca = PrincipalComponents.fit(points, 2, 1);
    assertThat(pca.mean()[2]).isCloseTo(5f, within(0.05f));
    float[] first = pca.basis()[0];
    assertThat(Math.abs(first[0] * 1 / Math.sqrt(2) + first[1] / Math.sqrt(2)))
        .isCloseTo(1.0, within(1e-3));
    float[] second = pca.basis()[1];
    assertThat(first[0] * second[0] + first[1] * second[1] + first[2] * second[2])
        .isCloseTo(0f, within(1e-5f));
    assertThat(pca.project(pca.mean())).containsExactly(0f, 0f);
  }

  @Test
  void quantisationKeepsTheDirection() {
    byte[] code = NeighbourScorer.quantise(new float[] {0.5f, -1.0f, 0.25f, 0f});
    assertThat(code).containsExactly(64, -127, 32, 0);
  }

  @Test
  void neighbourScoreIsTheMeanGapOfTheKNearestPrompts() {
    // Identity PCA over 2-d, three prompts near (1, 0) with gaps 1, 1, 0 and two near (0, 1) with
    // gap -1.
    PrincipalComponents identity =
        new PrincipalComponents(new float[] {0, 0}, new float[][] {{1, 0}, {0, 1}});
    List<float[]> rows =
        List.of(
            new float[] {1, 0.1f},
            new float[] {1, 0.2f},
            new float[] {1, 0.3f},
            new float[] {0.1f, 1},
            new float[] {0.2f, 1});
    byte[] codes = new byte[10];
    for (int i = 0; i < rows.size(); i++) {
      System.arraycopy(NeighbourScorer.quantise(rows.get(i)), 0, codes, 2 * i, 2);
    }
    NeighbourScorer scorer = new NeighbourScorer(identity, codes, new float[] {1, 1, 0, -1, -1}, 2);
    assertThat(scorer.score(new float[] {1, 0}))
        .isEqualTo(1.0); // the two with the smallest angle: gaps 1, 1
    assertThat(scorer.withNeighbours(3).score(new float[] {1, 0})).isCloseTo(2.0 / 3, within(1e-9));
    assertThat(scorer.score(new float[] {0, 5})).isEqualTo(-1.0);
    assertThat(scorer.withNeighbours(50).score(new float[] {0, 5}))
        .isCloseTo(0.0, within(1e-9)); // k capped at 5
  }

  @Test
  void neighbourScoreEqualsABruteForceTopKOnRandomIndexes() {
    java.util.Random random = new java.util.Random(3);
    int dims = 8;
    PrincipalComponents identity = new PrincipalComponents(new float[dims], identityBasis(dims));
    for (int trial = 0; trial < 50; trial++) {
      int n = 1 + random.nextInt(400);
      byte[] codes = new byte[n * dims];
      float[] gaps = new float[n];
      random.nextBytes(codes);
      for (int i = 0; i < n; i++) {
        gaps[i] = random.nextFloat() * 2 - 1;
      }
      int k = 1 + random.nextInt(60);
      float[] query = new float[dims];
      for (int c = 0; c < dims; c++) {
        query[c] = (float) random.nextGaussian();
      }
      double[] similarity = new double[n];
      Integer[] order = new Integer[n];
      for (int i = 0; i < n; i++) {
        double dot = 0;
        double norm = 0;
        for (int c = 0; c < dims; c++) {
          dot += query[c] * codes[i * dims + c];
          norm += (double) codes[i * dims + c] * codes[i * dims + c];
        }
        similarity[i] = norm == 0 ? -1 : dot / Math.sqrt(norm);
        order[i] = i;
      }
      java.util.Arrays.sort(order, (a, b) -> Double.compare(similarity[b], similarity[a]));
      double expected = 0;
      int kept = Math.min(k, n);
      for (int j = 0; j < kept; j++) {
        expected += gaps[order[j]];
      }
      assertThat(new NeighbourScorer(identity, codes, gaps, k).score(query))
          .as("trial %d", trial)
          .isCloseTo(expected / kept, within(1e-6));
    }
  }

  private static float[][] identityBasis(int dims) {
    float[][] basis = new float[dims][dims];
    for (int c = 0; c < dims; c++) {
      basis[c][c] = 1;
    }
    return basis;
  }

  @Test
  void quantilesGiveTheEmpiricalDistribution() {
    double[] scores = new double[1001];
    for (int i = 0; i < scores.length; i++) {
      scores[i] = i / 1000.0 * 4 - 2; // uniform on [-2, 2]
    }
    ScoreQuantiles quantiles = ScoreQuantiles.of(scores);
    assertThat(quantiles.cdf(-3)).isEqualTo(0.0);
    assertThat(quantiles.cdf(3)).isEqualTo(1.0);
    assertThat(quantiles.cdf(0)).isCloseTo(0.5, within(1e-6));
    assertThat(quantiles.cdf(1.02)).isCloseTo(0.755, within(1e-4));
    ScoreQuantiles constant = ScoreQuantiles.of(new double[] {0.3, 0.3, 0.3});
    assertThat(constant.cdf(0.3)).isEqualTo(0.5);
  }

  @Test
  void rankAveragingSharesTiesAndWeighsTheScorers() {
    assertThat(RankAverage.ranks(new double[] {10, -1, 10, 3}))
        .containsExactly(5.0 / 6, 0.0, 5.0 / 6, 1.0 / 3);
    assertThat(RankAverage.combine(new double[] {0, 1}, new double[] {1, 0}, 0.75))
        .containsExactly(0.25, 0.75);
  }

  @Test
  void trainerPicksTheEnsembleWhenNeighboursCarryTheSignalAndTheArtifactRoundTrips()
      throws Exception {
    // Embeddings on a circle; the weak expert fails in alternate 60° sectors: no linear score
    // separates them.
    SplittableRandom random = new SplittableRandom(5);
    List<TrainingExample> examples = new ArrayList<>();
    for (int i = 0; i < 240; i++) {
      double angle = random.nextDouble() * 2 * Math.PI;
      float[] embedding = {(float) Math.cos(angle), (float) Math.sin(angle)};
      int sector = (int) (angle / (Math.PI / 3));
      boolean weakFails = sector % 2 == 0 ? random.nextDouble() < 0.9 : random.nextDouble() < 0.1;
      examples.add(
          new TrainingExample(
              new QueryFeatures(
                  "x", new TextFeatures(5, 1, 0, 0, false, false, 0, false), embedding),
              Map.of("big", 1.0, "small", weakFails ? 0.0 : 1.0)));
    }
    ClassifierTrainer trainer =
        new ClassifierTrainer(
            new ClassifierTrainer.Settings(
                List.of(ClassifierTrainer.ScoreModel.DIFFERENCE),
                List.of(100.0),
                List.of(1e-3),
                List.of(0),
                3,
                30,
                0.05,
                1,
                io.switchboard.router.config.EncoderSpec.DEFAULT,
                List.of(10),
                List.of(0.0, 1.0),
                2));
    RouterModelArtifact artifact =
        trainer.train(
            "clusters",
            examples,
            List.of("big", "small"),
            Map.of("big", 0.01, "small", 0.001),
            "big",
            "small");
    assertThat(artifact.training().ensembleGrid()).hasSize(1);
    assertThat(artifact.pairEnsemble()).isNotNull();
    assertThat(artifact.pairEnsemble().linearWeight()).isEqualTo(0.0);

    ObjectMapper json = new ObjectMapper();
    QualityRouter router =
        new QualityRouter(
            json.readValue(json.writeValueAsBytes(artifact), RouterModelArtifact.class));
    float[] hard = {(float) Math.cos(0.5), (float) Math.sin(0.5)}; // sector 0
    float[] easy = {(float) Math.cos(1.5), (float) Math.sin(1.5)}; // sector 1
    QueryFeatures hardQuery =
        new QueryFeatures("x", new TextFeatures(5, 1, 0, 0, false, false, 0, false), hard);
    QueryFeatures easyQuery =
        new QueryFeatures("x", new TextFeatures(5, 1, 0, 0, false, false, 0, false), easy);
    assertThat(router.needsStrongScore(hardQuery))
        .isGreaterThan(router.needsStrongScore(easyQuery));
    assertThat(router.needsStrongScore(hardQuery)).isBetween(0.0, 1.0);
    assertThat(router.choose(hardQuery, List.of("big", "small"), 0.5)).isEqualTo("big");
    assertThat(router.choose(easyQuery, List.of("small", "big"), 0.5)).isEqualTo("small");
    ClassifierStrategy strategy = new ClassifierStrategy(router, 0.5, null);
    assertThat(strategy.decide(hardQuery, List.of("small", "big")).reason())
        .isEqualTo("pair-score");
  }
}
