package io.switchboard.router.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End-to-end replay on a small seeded subset of real recorded outcomes (skipped when the data is
 * absent).
 */
class EvaluateCommandTest {

  @TempDir Path out;

  @Test
  void replaysHeldOutPromptsAndWritesCsvAndSvg() throws Exception {
    Path dataset = EvalCliRun.dataset("routellm_gsm8k");
    EvalCliRun run =
        EvalCliRun.execute(
            "evaluate",
            "--dataset",
            dataset.toString(),
            "--limit",
            "240",
            "--folds",
            "2",
            "--iterations",
            "40",
            "--out",
            out.toString(),
            "--cache-dir",
            out.resolve("cache").toString());
    assertThat(run.exit()).isZero();
    String table = run.printed();
    assertThat(table).contains("classifier", "random", "oracle", "APGR", "CPT80");
    List<String> summary = Files.readAllLines(out.resolve("routellm_gsm8k.summary.csv"));
    assertThat(summary).hasSize(5); // classifier, random, oracle, random (200-draw mean)
    assertThat(summary.get(0)).startsWith("dataset,router,apgr");
    // 240 prompts, 30 % held out: 72 test prompts, none of them seen in training.
    assertThat(summary.get(1)).endsWith(",72");
    double oracleApgr = Double.parseDouble(summary.get(3).split(",")[2]);
    assertThat(oracleApgr).isGreaterThan(0.9);
    assertThat(Files.readString(out.resolve("routellm_gsm8k.pgr.svg")))
        .startsWith("<svg")
        .contains("classifier");
    assertThat(Files.readAllLines(out.resolve("routellm_gsm8k.curves.csv"))).hasSize(1 + 3 * 11);

    // Cascade and capability are replayed through the router's own factories into the cost-quality
    // table.
    Map<String, double[]> frontier =
        new LinkedHashMap<>(); // router + setting -> cost per 1k, quality
    List<String> rows = Files.readAllLines(out.resolve("routellm_gsm8k.frontier.csv"));
    for (String line : rows.subList(1, rows.size())) {
      String[] f = line.split(",(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)");
      frontier.put(
          f[1].replace("\"", "") + " " + f[2],
          new double[] {Double.parseDouble(f[3]), Double.parseDouble(f[4])});
    }
    double[] strong = frontier.get("always gpt-4-1106-preview -");
    double[] weak = frontier.get("always mistralai/Mixtral-8x7B-Instruct-v0.1 -");
    double[] oracle = frontier.get("oracle cheapest-best");
    double[] perfectJudge =
        frontier.entrySet().stream()
            .filter(e -> e.getKey().startsWith("cascade judge (simulated, perfect)"))
            .map(Map.Entry::getValue)
            .findFirst()
            .orElseThrow();
    // Weak first, escalated exactly when its recorded answer failed: the oracle's quality, paying
    // the weak expert
    // and one judge call (priced as a strong answer) on every prompt plus the strong expert on
    // escalations.
    assertThat(perfectJudge[1]).isCloseTo(oracle[1], within(1e-6));
    assertThat(perfectJudge[0]).isGreaterThanOrEqualTo(weak[0] + strong[0] - 1e-6);
    List<double[]> predictor =
        frontier.entrySet().stream()
            .filter(e -> e.getKey().startsWith("cascade predictor"))
            .map(Map.Entry::getValue)
            .toList();
    assertThat(predictor)
        .hasSize(9)
        .allSatisfy(p -> assertThat(p[0]).isGreaterThanOrEqualTo(weak[0] - 1e-6));
    assertThat(predictor.get(8)[1])
        .isGreaterThan(predictor.get(0)[1]); // a higher bar escalates more
    assertThat(frontier.keySet().stream().filter(k -> k.startsWith("capability"))).hasSize(7);
  }

  @Test
  void aSetTrainedOnlyOnOtherSetsIsReplayedWithTheirTrainingPrompts() throws Exception {
    // MT-Bench's router learns from other sets' training splits: every mode must replay without own
    // training prompts.
    Path mtBench = EvalCliRun.dataset("routellm_mtbench");
    Path gsm8k = EvalCliRun.dataset("routellm_gsm8k");
    EvalCliRun run =
        EvalCliRun.execute(
            "evaluate",
            "--dataset",
            mtBench.toString(),
            "--test-fraction",
            "1.0",
            "--extra-train",
            gsm8k.toString(),
            "--limit",
            "120",
            "--folds",
            "2",
            "--iterations",
            "30",
            "--out",
            out.toString(),
            "--cache-dir",
            out.resolve("cache").toString());
    assertThat(run.exit()).isZero();
    List<String> rows = Files.readAllLines(out.resolve("routellm_mtbench.frontier.csv"));
    assertThat(rows)
        .anyMatch(r -> r.contains("cascade predictor"))
        .anyMatch(r -> r.contains("capability"));
  }

  @Test
  void cascadeStagesAreTheTrainingCostQualityStaircase() {
    List<EvalPrompt> train =
        List.of(
            new EvalPrompt(
                "a",
                "c",
                "q1",
                Map.of("tiny", 0.2, "small", 0.5, "mid", 0.4, "big", 0.9),
                Map.of("tiny", 0.001, "small", 0.002, "mid", 0.003, "big", 0.01)),
            new EvalPrompt(
                "b",
                "c",
                "q2",
                Map.of("tiny", 0.4, "small", 0.7, "mid", 0.6, "big", 0.9),
                Map.of("tiny", 0.001, "small", 0.002, "mid", 0.003, "big", 0.01)));
    // "mid" costs more than "small" and is worse on average: no cascade should stop there.
    assertThat(OtherModesReplay.costQualityStaircase(train, List.of("big", "mid", "small", "tiny")))
        .containsExactly("tiny", "small", "big");
  }
}
