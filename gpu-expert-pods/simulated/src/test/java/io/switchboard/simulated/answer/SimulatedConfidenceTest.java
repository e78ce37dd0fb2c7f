package io.switchboard.simulated.answer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SimulatedConfidenceTest {

  @Test
  void tokenLogprobsAreLogProbabilitiesWhoseMeanIsTheConfidence() {
    double c = SimulatedConfidence.confidence("p1", "gpt-4", 1.0);
    double[] logprobs = SimulatedConfidence.tokenLogprobs("p1", "gpt-4", 1.0, 12);

    assertThat(logprobs).hasSize(12);
    assertThat(Arrays.stream(logprobs).max().orElseThrow()).isLessThanOrEqualTo(0);
    assertThat(Math.exp(Arrays.stream(logprobs).average().orElseThrow()))
        .isCloseTo(c, within(1e-9));
    assertThat(SimulatedConfidence.tokenLogprobs("p1", "gpt-4", 1.0, 12)).containsExactly(logprobs);
    assertThat(SimulatedConfidence.tokenLogprobs("p1", "gpt-4", 1.0, 5000)).hasSize(32);
  }

  @Test
  void noRecordedScoreMeansNoLogprobs() {
    assertThat(SimulatedConfidence.tokenLogprobs("p1", "gpt-4", null, 12)).isEmpty();
    assertThat(SimulatedConfidence.confidence("p1", "gpt-4", null)).isNaN();
  }

  @Test
  void confidenceFollowsTheRecordedScoreThroughNoise() {
    int n = 4000;
    double right = 0;
    double wrong = 0;
    int wrongLooksSure = 0;
    for (int i = 0; i < n; i++) {
      right += SimulatedConfidence.confidence("p" + i, "m", 1.0) / n;
      double w = SimulatedConfidence.confidence("p" + i, "m", 0.0);
      wrong += w / n;
      wrongLooksSure += w > 0.7 ? 1 : 0;
    }
    assertThat(right)
        .isCloseTo(0.91, within(0.02)); // 0.95 before the clamp at 0.995 cuts the upper tail
    assertThat(wrong).isCloseTo(0.35, within(0.02));
    // Imperfect calibration on purpose: a few wrong answers look confident.
    assertThat(wrongLooksSure).isBetween(1, n / 50);
    // Judge scores (1..10) are rescaled: 10 is as sure as a correct 0/1 answer.
    assertThat(SimulatedConfidence.confidence("p1", "m", 10.0))
        .isEqualTo(SimulatedConfidence.confidence("p1", "m", 1.0));
  }
}
