package io.switchboard.router.eval;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The train command's grid options reach the trainer (skipped without the data): the artifact shows
 * the one choice each grid allowed.
 */
class TrainCommandTest {

  @TempDir Path out;

  private JsonNode train(String... args) throws Exception {
    Path model = out.resolve("model-" + args.length + ".json");
    List<String> all =
        new ArrayList<>(
            List.of(
                "train",
                "--dataset",
                EvalCliRun.dataset("routellm_gsm8k").toString(),
                "--test-fraction",
                "0",
                "--limit",
                "120",
                "--folds",
                "2",
                "--l2",
                "3",
                "--cache-dir",
                out.resolve("cache").toString(),
                "--output",
                model.toString()));
    all.addAll(List.of(args));
    EvalCliRun run = EvalCliRun.execute(all.toArray(String[]::new));
    assertThat(run.exit()).as(run.errors()).isZero();
    return new ObjectMapper().readTree(model.toFile());
  }

  @Test
  void aNarrowGridIsTheOnlyChoice() throws Exception {
    JsonNode model = train("--buckets", "0", "--score-models", "PAIR", "--no-ensemble");
    assertThat(model.path("hashBuckets").asInt()).isZero();
    assertThat(model.path("training").path("score").asText()).isEqualTo("PAIR");
    assertThat(model.path("training").path("l2").asDouble()).isEqualTo(3.0);
    assertThat(model.path("training").path("folds").asInt()).isEqualTo(2);
    assertThat(model.path("training").path("grid")).hasSize(1);
    assertThat(model.path("training").path("ensembleGrid")).isEmpty();
    assertThat(model.path("pairEnsemble").isNull()).isTrue();
    assertThat(model.path("pairFactorisation").isNull()).isTrue();
  }

  @Test
  void bucketsAreSearchedAsGiven() throws Exception {
    JsonNode model = train("--buckets", "512", "--score-models", "DIFFERENCE", "--no-ensemble");
    assertThat(model.path("hashBuckets").asInt()).isEqualTo(512);
    assertThat(model.path("training").path("score").asText()).isEqualTo("DIFFERENCE");
    // One l2, both sparse-l2 values of the hashed block.
    assertThat(model.path("training").path("grid")).hasSize(2);
  }
}
