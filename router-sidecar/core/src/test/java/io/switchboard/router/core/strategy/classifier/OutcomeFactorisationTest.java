package io.switchboard.router.core.strategy.classifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.router.core.features.QueryFeatures;
import io.switchboard.router.core.features.TextFeatures;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Matrix factorisation of outcomes on planted low-rank data, and its place in the trained router.
 */
class OutcomeFactorisationTest {

  private static final int DIMS = 6;

  /**
   * How strongly each expert's success depends on the hidden difficulty t = x₀ (negative: harder is
   * worse).
   */
  private static final double[] SLOPES = {-3, -2, -1, 0.5, 1, 2};

  private static final double[] OFFSETS = {1, 0.5, 0, 0, -0.5, 0.2};

  private static double truth(float[] x, int expert) {
    return LogisticRegression.sigmoid(OFFSETS[expert] + SLOPES[expert] * x[0]);
  }

  private static List<float[]> points(int n, SplittableRandom random) {
    List<float[]> xs = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      float[] x = new float[DIMS];
      for (int d = 0; d < DIMS; d++) {
        x[d] = (float) random.nextGaussian();
      }
      xs.add(x);
    }
    return xs;
  }

  /**
   * Recorded 0/1 outcomes drawn from the planted probabilities; a share of them left unrecorded
   * (NaN).
   */
  private static double[][] outcomes(
      List<float[]> xs, double missingShare, SplittableRandom random) {
    double[][] q = new double[xs.size()][SLOPES.length];
    for (int i = 0; i < xs.size(); i++) {
      for (int m = 0; m < SLOPES.length; m++) {
        q[i][m] =
            random.nextDouble() < missingShare
                ? Double.NaN
                : random.nextDouble() < truth(xs.get(i), m) ? 1 : 0;
      }
    }
    return q;
  }

  @Test
  void recoversPlantedSuccessProbabilitiesFromPartlyRecordedOutcomes() {
    SplittableRandom random = new SplittableRandom(11);
    List<float[]> train = points(1500, random);
    OutcomeFactorisation model =
        OutcomeFactorisation.fit(train, outcomes(train, 0.3, random), 2, 1, 600, 0.02, 1);

    double error = 0;
    int count = 0;
    for (float[] x : points(300, random)) {
      double[] predicted = model.predict(x);
      for (int m = 0; m < SLOPES.length; m++) {
        assertThat(predicted[m]).isBetween(0.0, 1.0);
        error += Math.abs(predicted[m] - truth(x, m));
        count++;
      }
    }
    assertThat(error / count).isLessThan(0.06);
  }

  @Test
  void aPairKeepsExactlyTheGapOfTheFullModel() {
    SplittableRandom random = new SplittableRandom(12);
    List<float[]> train = points(300, random);
    OutcomeFactorisation model =
        OutcomeFactorisation.fit(train, outcomes(train, 0, random), 2, 1, 100, 0.02, 1);
    OutcomeFactorisation pair = model.pair(4, 1);
    for (float[] x : points(20, random)) {
      assertThat(pair.gap(x, 0, 1)).isCloseTo(model.gap(x, 4, 1), within(1e-12));
    }
  }

  @Test
  void trainerPicksTheFactorisationWhereOtherExpertsShowTheDirectionThePairBarelyShows()
      throws Exception {
    // Four experts depend strongly on x₀; the strong/weak pair only faintly (slopes ±0.6), drowned
    // in five noise
    // dimensions for a model that sees the pair alone. A rank-1 factorisation learns x₀ from all
    // six experts.
    double[] slopes = {-0.6, -3, -2, 2, 3, 0.6};
    SplittableRandom random = new SplittableRandom(13);
    List<float[]> xs = points(300, random);
    List<String> experts = List.of("weak", "h1", "h2", "h3", "h4", "strong");
    List<TrainingExample> examples = new ArrayList<>();
    for (float[] x : xs) {
      Map<String, Double> quality = new HashMap<>();
      for (int m = 0; m < experts.size(); m++) {
        quality.put(
            experts.get(m),
            random.nextDouble() < LogisticRegression.sigmoid(slopes[m] * x[0]) ? 1.0 : 0.0);
      }
      examples.add(
          new TrainingExample(
              new QueryFeatures("x", new TextFeatures(5, 1, 0, 0, false, false, 0, false), x),
              quality));
    }
    ClassifierTrainer trainer =
        new ClassifierTrainer(
            new ClassifierTrainer.Settings(
                List.of(ClassifierTrainer.ScoreModel.DIFFERENCE),
                List.of(0.1),
                List.of(1e-3),
                List.of(0),
                3,
                150,
                0.05,
                1,
                io.switchboard.router.config.EncoderSpec.DEFAULT,
                List.of(),
                List.of(0.0, 1.0),
                2,
                List.of(new ClassifierTrainer.Factorisation(1, 1))));
    Map<String, Double> costs = new HashMap<>();
    experts.forEach(e -> costs.put(e, 0.001));
    costs.put("strong", 0.01);
    RouterModelArtifact artifact =
        trainer.train("planted", examples, experts, costs, "strong", "weak");
    assertThat(artifact.training().ensembleGrid())
        .singleElement()
        .satisfies(r -> assertThat(r.scorer()).isEqualTo("mf rank=1 l2=1.0"));
    assertThat(artifact.training().ensembleGrid().get(0).meanApgr())
        .isGreaterThan(artifact.training().grid().get(0).meanApgr());
    assertThat(artifact.pairFactorisation()).isNotNull();
    assertThat(artifact.pairEnsemble()).isNull();

    ObjectMapper json = new ObjectMapper();
    QualityRouter router =
        new QualityRouter(
            json.readValue(json.writeValueAsBytes(artifact), RouterModelArtifact.class));
    QueryFeatures hard =
        new QueryFeatures(
            "x",
            new TextFeatures(5, 1, 0, 0, false, false, 0, false),
            new float[] {2, 0, 0, 0, 0, 0});
    QueryFeatures easy =
        new QueryFeatures(
            "x",
            new TextFeatures(5, 1, 0, 0, false, false, 0, false),
            new float[] {-2, 0, 0, 0, 0, 0});
    assertThat(router.needsStrongScore(hard)).isGreaterThan(0.8);
    assertThat(router.needsStrongScore(easy)).isLessThan(0.2);
    assertThat(router.choose(hard, List.of("weak", "strong"), 0.5)).isEqualTo("strong");
    assertThat(router.choose(easy, List.of("strong", "weak"), 0.5)).isEqualTo("weak");
  }

  @Test
  void anArtifactCarriesAtMostOneSecondScorer() {
    RouterModelArtifact.PairEnsemble knn =
        new RouterModelArtifact.PairEnsemble(0.5, 3, 1, "", "", "", "", "", "");
    RouterModelArtifact.PairFactorisation mf =
        new RouterModelArtifact.PairFactorisation(0.5, 1, "", "", "", "", "", 0, 0, "", "");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                new RouterModelArtifact(
                    1, "m", 128, "TAIL", 0, "", "", "", List.of(), "a", "b", null, null, knn, mf))
        .hasMessageContaining("at most one second pair scorer");
  }
}
