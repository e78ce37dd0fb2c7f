package io.switchboard.router.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every command that reads a data set names a missing or malformed file, exits 2, no stack trace.
 */
class EvalCliErrorsTest {

  private static final String[] COMMANDS = {
    "evaluate", "train", "bandit", "federated", "latency", "embed", "shift"
  };

  @TempDir Path dir;

  private void writeTinySet() throws IOException {
    Files.writeString(
        dir.resolve("tiny.prompts.jsonl"), "{\"prompt_id\":\"p1\",\"prompt\":\"hi\"}\n");
    Files.writeString(
        dir.resolve("tiny.outcomes.csv"),
        "prompt_id,model,score\np1,model-a,1.0\np1,model-b,0.0\n");
  }

  /** The command with its required options, on {@code dataset}. */
  private EvalCliRun run(String command, Path dataset) {
    if (command.equals("train")) {
      return EvalCliRun.execute(
          command, "--dataset", dataset.toString(), "--output", dir.resolve("m.json").toString());
    }
    if (command.equals("shift")) {
      return EvalCliRun.execute(
          command, "--dataset", dataset.toString(), "--test", dir.resolve("other").toString());
    }
    return EvalCliRun.execute(command, "--dataset", dataset.toString());
  }

  @Test
  void aMissingPriceTableIsNamedWithWhatItShouldHold() throws IOException {
    writeTinySet();
    for (String command : COMMANDS) {
      EvalCliRun run = run(command, dir.resolve("tiny"));
      assertThat(run.exit()).as(command).isEqualTo(2);
      assertThat(run.errors())
          .as(command)
          .contains("missing " + dir.resolve("model_prices_for_datasets.csv"))
          .contains("expected a model price CSV")
          .doesNotContain("Exception", "\tat ");
    }
  }

  @Test
  void aMissingDataSetIsNamed() {
    for (String command : COMMANDS) {
      EvalCliRun run = run(command, dir.resolve("nothing"));
      assertThat(run.exit()).as(command).isEqualTo(2);
      assertThat(run.errors())
          .as(command)
          .contains("missing " + dir.resolve("nothing.prompts.jsonl"))
          .doesNotContain("Exception", "\tat ");
    }
  }

  @Test
  void aMalformedPriceTableIsNamed() throws IOException {
    writeTinySet();
    Files.writeString(
        dir.resolve("model_prices_for_datasets.csv"), "dataset_model,match_type\n,\n");
    EvalCliRun run = EvalCliRun.execute("evaluate", "--dataset", dir.resolve("tiny").toString());
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.errors())
        .contains("malformed price table " + dir.resolve("model_prices_for_datasets.csv"))
        .doesNotContain("\tat ");
  }
}
