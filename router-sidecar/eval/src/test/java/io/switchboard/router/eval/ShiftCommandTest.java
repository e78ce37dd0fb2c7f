package io.switchboard.router.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shift command on small seeded subsets of the recorded sets (skipped without the data). */
class ShiftCommandTest {

  @TempDir Path out;

  private EvalCliRun shift(String... args) {
    return shift(300, args);
  }

  private EvalCliRun shift(int limit, String... args) {
    List<String> all =
        new ArrayList<>(
            List.of(
                "shift",
                "--limit",
                String.valueOf(limit),
                "--folds",
                "2",
                "--iterations",
                "30",
                "--out",
                out.toString(),
                "--cache-dir",
                out.resolve("cache").toString()));
    all.addAll(List.of(args));
    return EvalCliRun.execute(all.toArray(String[]::new));
  }

  @Test
  void routerBenchToRouteLlmJoinsOnTheDeclaredMixtralStandIn() throws Exception {
    Path bench = EvalCliRun.dataset("routerbench_subset");
    Path gsm8k = EvalCliRun.dataset("routellm_gsm8k");
    EvalCliRun run =
        shift(
            "--dataset",
            bench.toString(),
            "--test",
            gsm8k.toString(),
            "--expert-map",
            "mistralai/mixtral-8x7b-chat=mistralai/Mixtral-8x7B-Instruct-v0.1");
    assertThat(run.exit()).as(run.errors()).isZero();
    assertThat(run.printed())
        .contains(
            "declared stand-ins: mistralai/mixtral-8x7b-chat as mistralai/Mixtral-8x7B-Instruct-v0.1")
        .contains("over [gpt-4-1106-preview, mistralai/Mixtral-8x7B-Instruct-v0.1]");
    List<String> rows = Files.readAllLines(out.resolve("routerbench_subset.shift.md"));
    // Header, three targets and the pair row. 300 prompts, 30 % held out: 90 in distribution, less
    // the few RouterBench prompts without a recorded outcome of either shared expert.
    assertThat(rows).hasSize(5);
    assertThat(rows.get(1))
        .matches(
            "\\| routerbench_subset \\((8[0-9]|90)\\) \\| routellm_gsm8k \\(300\\) \\| target 0.90 .*");
    assertThat(rows.get(4)).contains("APGR");
  }

  @Test
  void withoutTheStandInTheSetsShareOneExpertAndTheCommandSaysSo() {
    Path bench = EvalCliRun.dataset("routerbench_subset");
    Path gsm8k = EvalCliRun.dataset("routellm_gsm8k");
    EvalCliRun run = shift("--dataset", bench.toString(), "--test", gsm8k.toString());
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.errors())
        .contains("the sets share [gpt-4-1106-preview]")
        .doesNotContain("\tat ");
  }

  @Test
  void categoryShiftInsideOneSet() throws Exception {
    Path bench = EvalCliRun.dataset("routerbench_subset");
    EvalCliRun run =
        shift(
            "--dataset",
            bench.toString(),
            "--categories",
            "arc-challenge,winogrande",
            "--test",
            bench + "@mbpp",
            "--strong",
            "gpt-4-1106-preview",
            "--weak",
            "mistralai/mixtral-8x7b-chat");
    assertThat(run.exit()).as(run.errors()).isZero();
    List<String> rows =
        Files.readAllLines(out.resolve("routerbench_subset_arc-challenge+winogrande_.shift.md"));
    assertThat(rows).hasSize(5);
    assertThat(rows.get(1)).contains("routerbench_subset [mbpp]");
  }

  /**
   * Shifted to GSM8K, the training pair turns around (the math model is the better one there): the
   * pair row says n/a instead of the run failing on an undefined PGR.
   */
  @Test
  void aPairThatTurnsAroundUnderTheShiftIsReportedNotAStackTrace() throws Exception {
    Path routerdc = EvalCliRun.dataset("routerdc_7model");
    EvalCliRun run =
        // 1,500 prompts: at 300 the three training categories leave too few to train on.
        shift(
            1500,
            "--dataset",
            routerdc.toString(),
            "--categories",
            "mmlu,arc_easy,arc_challenge",
            "--test",
            routerdc + "@gsm8k",
            "--strong",
            "mistralai/Mistral-7B-v0.1",
            "--weak",
            "meta-math/MetaMath-Mistral-7B");
    assertThat(run.exit()).as(run.errors()).isZero();
    List<String> rows =
        Files.readAllLines(out.resolve("routerdc_7model_arc_challenge+arc_easy+mmlu_.shift.md"));
    assertThat(rows.get(rows.size() - 1))
        .contains("pair score vs MetaMath-Mistral-7B")
        .contains("| n/a | n/a | n/a |");
  }
}
