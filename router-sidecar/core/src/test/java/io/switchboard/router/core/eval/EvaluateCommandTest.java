package io.switchboard.router.core.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** End-to-end replay on a small seeded subset of real recorded outcomes (skipped when the data is absent). */
class EvaluateCommandTest {

    @TempDir
    Path out;

    @Test
    void replaysHeldOutPromptsAndWritesCsvAndSvg() throws Exception {
        Path dataset = EvalCliRun.dataset("routellm_gsm8k");
        EvalCliRun run = EvalCliRun.execute("evaluate", "--dataset", dataset.toString(),
                "--limit", "240", "--folds", "2", "--iterations", "40", "--out", out.toString(),
                "--cache-dir", out.resolve("cache").toString());
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
        assertThat(Files.readString(out.resolve("routellm_gsm8k.pgr.svg"))).startsWith("<svg").contains("classifier");
        assertThat(Files.readAllLines(out.resolve("routellm_gsm8k.curves.csv"))).hasSize(1 + 3 * 11);
    }
}
