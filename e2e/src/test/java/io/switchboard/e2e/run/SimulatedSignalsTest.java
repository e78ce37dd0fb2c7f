package io.switchboard.e2e.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class SimulatedSignalsTest {

  @Test
  void aurocIsTheShareOfCorrectWrongPairsInOrder() {
    // Correct answers 0.9, 0.6; wrong 0.7, 0.2: of 4 pairs, 3 are in order.
    List<double[]> pairs =
        List.of(
            new double[] {1, 0.9},
            new double[] {1, 0.6},
            new double[] {0, 0.7},
            new double[] {0, 0.2});
    assertThat(SimulatedSignals.auroc(pairs)).isCloseTo(0.75, within(1e-12));
    assertThat(SimulatedSignals.auroc(List.of(new double[] {1, 0.9}))).isNaN();
    // Judge-scale scores (1..10) pass from 6 up.
    assertThat(SimulatedSignals.passes(6)).isTrue();
    assertThat(SimulatedSignals.passes(5)).isFalse();
    assertThat(SimulatedSignals.passes(0.5)).isTrue();
  }

  @Test
  void llmPathCountsRouterDecisionsCacheHitsAndFallbacks() {
    List<Replay.Sample> samples =
        List.of(
            sample("llm; router-llm"),
            sample("llm; router-llm"),
            sample("llm; cache-exact"),
            sample("llm; cache-semantic"),
            sample("llm; llm-fallback"),
            sample("weighted; weight"));
    SimulatedSignals.Measured signals =
        new SimulatedSignals.Measured(
            0, Double.NaN, 0.75, 0, Double.NaN, 0.85, 3, 2 / 3.0, 0.8, 40, 90);
    LlmRouterReport report = LlmRouterReport.of(samples, signals);

    assertThat(report.decisions()).isEqualTo(5);
    assertThat(report.routerCalls()).isEqualTo(3);
    assertThat(report.fallbacks()).isEqualTo(1);
    assertThat(report.markdown())
        .contains("| llm | 5 | 3 | 2 (66.7%) | 1 (20.0%) | 1 (20.0%) | 1 | 40 / 90 |");
    assertThat(SimulatedSignals.table(List.of("llm"), List.of(signals)))
        .contains("| llm | router LLM: names the recorded best-value expert | 0.80 | 0.667 | 3 |");
  }

  private static Replay.Sample sample(String decision) {
    return new Replay.Sample(
        null, new RouterClient.Reply(200, "gpt-4", decision, "r", 1, 1, 1_000_000, null));
  }
}
