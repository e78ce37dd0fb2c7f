package io.switchboard.router.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Federated simulation on a small seeded subset of RouterBench (skipped when the data is absent).
 */
class FederatedCommandTest {

  @TempDir Path out;

  @Test
  void comparesIsolatedExactAndPrivateSharing() throws Exception {
    Path dataset = EvalCliRun.dataset("routerbench_subset");
    EvalCliRun run =
        EvalCliRun.execute(
            "federated",
            "--dataset",
            dataset.toString(),
            "--limit",
            "150",
            "--decisions",
            "500",
            "--round-decisions",
            "100",
            "--epsilons",
            "1",
            "--out",
            out.toString(),
            "--cache-dir",
            out.resolve("cache").toString());
    assertThat(run.exit()).isZero();
    assertThat(run.printed())
        .contains("isolated", "exact sharing", "DP sharing", "a round every 100 decisions");
    List<String> csv = Files.readAllLines(out.resolve("routerbench_subset.federated.csv"));
    assertThat(csv).hasSize(1 + 3);
    String[] dp = csv.get(3).split(",");
    assertThat(dp[1]).isEqualTo("DP sharing");
    assertThat(Double.parseDouble(dp[3])).as("5 rounds of epsilon 1").isCloseTo(5.0, within(1e-9));
    for (String row : csv.subList(1, csv.size())) {
      double mean = Double.parseDouble(row.split(",")[6]);
      assertThat(mean).isBetween(0.0, 1.0);
    }
  }
}
