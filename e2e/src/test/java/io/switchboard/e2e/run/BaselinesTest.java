package io.switchboard.e2e.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.switchboard.dataset.RecordedDataset;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Baseline rows on the built-in workload (hand-written outcomes, so every expected number is
 * known).
 */
class BaselinesTest {

  static final List<PoolExpert> EXPERTS =
      List.of(
          new PoolExpert("mistral-7b", "mistralai/mistral-7b-chat", 0.13, 0.13),
          new PoolExpert("mixtral", "mistralai/mixtral-8x7b-chat", 0.6, 0.6),
          new PoolExpert("gpt-35", "gpt-3.5-turbo-1106", 1.0, 2.0),
          new PoolExpert("gpt-4", "gpt-4-1106-preview", 10.0, 30.0));

  @TempDir Path dir;

  @Test
  void strongestCheapestAndOracleFollowTheRecordedOutcomes() throws Exception {
    RecordedDataset data =
        RecordedDataset.load(
            Workload.writeBuiltIn(dir, "routerbench_subset"), "routerbench_subset");
    List<ModeSummary> rows = new Baselines(data, EXPERTS).compute(data.prompts());

    assertThat(rows)
        .extracting(ModeSummary::name)
        .containsExactly("always-strongest (gpt-4)", "always-cheapest (mistral-7b)", "oracle");
    assertThat(rows.get(0).meanQuality()).isEqualTo(1.0);
    // mistral-7b answers the 4 multiple-choice prompts and math.2 right: 5 of 12.
    assertThat(rows.get(1).meanQuality()).isCloseTo(5 / 12.0, within(1e-9));
    ModeSummary oracle = rows.get(2);
    assertThat(oracle.meanQuality()).isEqualTo(1.0);
    // Cheapest correct expert per prompt: mistral for 5, mixtral for the other 3 math, gpt-35 for 2
    // code, gpt-4 for 2.
    assertThat(oracle.shares())
        .containsEntry("mistral-7b", 5 / 12.0)
        .containsEntry("mixtral", 3 / 12.0)
        .containsEntry("gpt-35", 2 / 12.0)
        .containsEntry("gpt-4", 2 / 12.0);
    assertThat(oracle.recordedCostPer1k()).isLessThan(rows.get(0).recordedCostPer1k());
    assertThat(rows).allSatisfy(r -> assertThat(r.baseline()).isTrue());
  }

  @Test
  void theReportDrawsOnePointPerRowAndStacksLabelsOfCoincidingPoints() {
    ModeSummary a =
        new ModeSummary(
            "cascade", 10, 0, 0.5, 1, 1, 30, 90, java.util.Map.of("mistral-7b", 1.0), 0, 0, false);
    ModeSummary b =
        new ModeSummary(
            "bandit", 10, 0, 0.5, 1, 1, 30, 90, java.util.Map.of("mistral-7b", 1.0), 0, 0, false);
    ModeSummary c =
        new ModeSummary(
            "oracle",
            10,
            0,
            0.9,
            Double.NaN,
            0.5,
            Double.NaN,
            Double.NaN,
            java.util.Map.of("gpt-4", 1.0),
            0,
            0,
            true);
    String html =
        new HtmlReport(List.of("mistral-7b", "gpt-4"))
            .render("t", "SIMULATED", List.of(a, b, c), "md");
    assertThat(html.split("<circle", -1)).hasSize(3); // two modes; the baseline is a square
    assertThat(html).contains("width=\"8\" height=\"8\" fill=\"#999\"");
    String scatter = html.substring(0, html.indexOf("</svg>"));
    String cascadeLabel =
        scatter.replaceAll(
            "(?s).*<text x=\"([0-9.]+)\" y=\"([0-9.]+)\" font-size=\"11\">cascade<.*", "$2");
    String banditLabel =
        scatter.replaceAll(
            "(?s).*<text x=\"([0-9.]+)\" y=\"([0-9.]+)\" font-size=\"11\">bandit<.*", "$2");
    assertThat(Double.parseDouble(banditLabel) - Double.parseDouble(cascadeLabel)).isEqualTo(13.0);
  }
}
