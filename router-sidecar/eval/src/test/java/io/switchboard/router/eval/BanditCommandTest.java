package io.switchboard.router.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bandit replay on a small seeded subset of RouterBench (skipped when the data is absent). */
class BanditCommandTest {

  @TempDir Path out;

  @Test
  void replaysRecordedOutcomesAsBanditFeedback() throws Exception {
    Path dataset = EvalCliRun.dataset("routerbench_subset");
    EvalCliRun run =
        EvalCliRun.execute(
            "bandit",
            "--dataset",
            dataset.toString(),
            "--limit",
            "150",
            "--decisions",
            "1000",
            "--warm-start",
            "--out",
            out.toString(),
            "--cache-dir",
            out.resolve("cache").toString());
    assertThat(run.exit()).isZero();
    assertThat(run.printed())
        .contains(
            "linucb",
            "thompson",
            "epsilon-greedy",
            "oracle (per prompt)",
            "linucb (warm)",
            "regret reduction",
            "(the policy default rewardWeights)");
    List<String> csv = Files.readAllLines(out.resolve("routerbench_subset.bandit.csv"));
    assertThat(csv).hasSize(1 + 10);
    // Regret against the per-prompt oracle can only grow.
    String[] first = csv.get(1).split(",");
    String[] last = csv.get(10).split(",");
    for (int column = 3; column < first.length; column += 2) {
      assertThat(Double.parseDouble(last[column]))
          .isGreaterThanOrEqualTo(Double.parseDouble(first[column]));
    }
    assertThat(Files.readString(out.resolve("routerbench_subset.bandit.svg"))).contains("linucb");
  }
}
