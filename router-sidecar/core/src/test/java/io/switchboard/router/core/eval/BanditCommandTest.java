package io.switchboard.router.core.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.switchboard.dataset.DataDirectory;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Bandit replay on a small seeded subset of RouterBench (skipped when the data is absent). */
class BanditCommandTest {

    @TempDir
    Path out;

    @Test
    void replaysRecordedOutcomesAsBanditFeedback() throws Exception {
        Path dataDir = DataDirectory.locate(Path.of(System.getProperty("switchboard.repo.root", "../..")));
        assumeTrue(Files.exists(dataDir.resolve("routerbench_subset.prompts.jsonl")), "recorded data not available");
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream original = System.out;
        System.setOut(new PrintStream(printed, true));
        int exit;
        try {
            exit = new CommandLine(new EvalCli()).execute("bandit", "--dataset", dataDir.resolve("routerbench_subset").toString(),
                    "--limit", "150", "--decisions", "1000", "--warm-start", "--out", out.toString(), "--cache-dir", out.resolve("cache").toString());
        } finally {
            System.setOut(original);
        }
        assertThat(exit).isZero();
        assertThat(printed.toString()).contains("linucb", "thompson", "epsilon-greedy", "oracle (per prompt)",
                "linucb (warm)", "regret reduction", "(the policy default rewardWeights)");
        List<String> csv = Files.readAllLines(out.resolve("routerbench_subset.bandit.csv"));
        assertThat(csv).hasSize(1 + 10);
        // Regret against the per-prompt oracle can only grow.
        String[] first = csv.get(1).split(",");
        String[] last = csv.get(10).split(",");
        for (int column = 3; column < first.length; column += 2) {
            assertThat(Double.parseDouble(last[column])).isGreaterThanOrEqualTo(Double.parseDouble(first[column]));
        }
        assertThat(Files.readString(out.resolve("routerbench_subset.bandit.svg"))).contains("linucb");
    }
}
