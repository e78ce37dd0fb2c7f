package io.switchboard.simulated.answer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SimulatedConfidenceTest {

  private final SimulatedConfidence model =
      new SimulatedConfidence(SimulatedConfidence.DEFAULT_AUROC);

  @Test
  void tokenLogprobsAreLogProbabilitiesWhoseMeanIsTheConfidence() {
    double c = model.confidence("p1", "gpt-4", 1.0);
    double[] logprobs = model.tokenLogprobs("p1", "gpt-4", 1.0, 12);

    assertThat(logprobs).hasSize(12);
    assertThat(Arrays.stream(logprobs).max().orElseThrow()).isLessThanOrEqualTo(0);
    assertThat(Math.exp(Arrays.stream(logprobs).average().orElseThrow()))
        .isCloseTo(c, within(1e-9));
    assertThat(model.tokenLogprobs("p1", "gpt-4", 1.0, 12)).containsExactly(logprobs);
    assertThat(model.tokenLogprobs("p1", "gpt-4", 1.0, 5000)).hasSize(32);
  }

  @Test
  void noRecordedScoreMeansNoLogprobs() {
    assertThat(model.tokenLogprobs("p1", "gpt-4", null, 12)).isEmpty();
    assertThat(model.confidence("p1", "gpt-4", null)).isNaN();
  }

  /** The declared AUROC is what a harness measures on correct vs wrong answers (n = 4000 each). */
  @ParameterizedTest
  @ValueSource(doubles = {0.6, 0.75, 0.9, 0.99})
  void confidenceSeparatesRightFromWrongWithTheDeclaredAuroc(double auroc) {
    SimulatedConfidence declared = new SimulatedConfidence(auroc);
    int n = 4000;
    double[] right = new double[n];
    double[] wrong = new double[n];
    for (int i = 0; i < n; i++) {
      right[i] = declared.confidence("p" + i, "m", 1.0);
      wrong[i] = declared.confidence("q" + i, "m", 0.0);
    }
    // Standard error of an AUROC on 4000 + 4000 samples is below 0.007.
    assertThat(auroc(right, wrong)).isCloseTo(auroc, within(0.025));
  }

  @Test
  void partialScoresInterpolateAndJudgeScoresAreRescaled() {
    double right = 0;
    double half = 0;
    double wrong = 0;
    for (int i = 0; i < 2000; i++) {
      right += model.confidence("p" + i, "m", 1.0);
      half += model.confidence("p" + i, "m", 0.5);
      wrong += model.confidence("p" + i, "m", 0.0);
    }
    assertThat(half).isBetween(wrong, right);
    // Judge scores (1..10) are rescaled: 10 is as sure as a correct 0/1 answer.
    assertThat(model.confidence("p1", "m", 10.0)).isEqualTo(model.confidence("p1", "m", 1.0));
  }

  @Test
  void anAurocOutsideTheRangeIsRefused() {
    assertThatThrownBy(() -> new SimulatedConfidence(0.5))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new SimulatedConfidence(1.01))
        .isInstanceOf(IllegalArgumentException.class);
    SimulatedConfidence oracle = new SimulatedConfidence(1.0);
    assertThat(oracle.confidence("p1", "m", 1.0)).isGreaterThan(oracle.confidence("p1", "m", 0.0));
  }

  static double auroc(double[] positives, double[] negatives) {
    double wins = 0;
    for (double p : positives) {
      for (double q : negatives) {
        wins += p > q ? 1 : p == q ? 0.5 : 0;
      }
    }
    return wins / ((double) positives.length * negatives.length);
  }
}
