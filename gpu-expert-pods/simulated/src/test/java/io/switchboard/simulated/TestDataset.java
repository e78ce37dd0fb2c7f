package io.switchboard.simulated;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A small recorded dataset written to a temporary directory, so HTTP tests do not depend on the
 * shared data.
 */
public final class TestDataset {

  public static final String NAME = "simtest";
  public static final String BIG = "acme/big-70b";
  public static final String SMALL = "acme/small-7b";
  public static final String STORY =
      "Write a short story about a lighthouse keeper who finds a message in a bottle.";
  public static final String MATH =
      "What is the sum of the first ten positive integers? Explain your reasoning.";
  public static final String CAPITAL = "Name the capital city of Australia and one fact about it.";

  private TestDataset() {}

  public static Path write() {
    try {
      Path dir = Files.createTempDirectory("simtest-data");
      Files.writeString(
          dir.resolve(NAME + ".prompts.jsonl"),
          String.join(
                  "\n",
                  prompt("story.1", "writing", STORY),
                  prompt("math.1", "math", MATH),
                  prompt("capital.1", "knowledge", CAPITAL),
                  prompt(
                      "nolength.1",
                      "knowledge",
                      "Which planet has the most moons in the solar system?"))
              + "\n");
      Files.writeString(
          dir.resolve(NAME + ".outcomes.csv"),
          String.join(
                  "\n",
                  "dataset,prompt_id,model,score,cost_usd,input_tokens,output_tokens,output_chars",
                  NAME + ",story.1," + BIG + ",9,,,,400",
                  NAME + ",story.1," + SMALL + ",6,,,,240",
                  NAME + ",math.1," + BIG + ",1,,,,120",
                  NAME + ",math.1," + SMALL + ",0,,,,80",
                  NAME + ",capital.1," + BIG + ",1,,,30,",
                  NAME + ",capital.1," + SMALL + ",1,,,,60",
                  NAME + ",nolength.1," + BIG + ",,,,,",
                  NAME + ",nolength.1," + SMALL + ",1,,,,")
              + "\n");
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Dataset {@code many} with prompts {@code p0..p(n-1)} ("question i"): {@link #SMALL} is right on
   * odd prompts only (cost 0.001), {@link #BIG} always (cost 0.01); so the best-value model is
   * small on odd prompts and big on even ones. For statistical tests of the simulated signals.
   */
  public static Path writeMany(int n) {
    try {
      Path dir = Files.createTempDirectory("many-data");
      StringBuilder prompts = new StringBuilder();
      StringBuilder outcomes =
          new StringBuilder(
              "dataset,prompt_id,model,score,cost_usd,input_tokens,output_tokens,output_chars\n");
      for (int i = 0; i < n; i++) {
        prompts.append(
            "{\"dataset\":\"many\",\"prompt_id\":\"p"
                + i
                + "\",\"category\":\"qa\",\"prompt\":\"question "
                + i
                + "\"}\n");
        outcomes.append("many,p" + i + "," + SMALL + "," + (i % 2) + ",0.001,,,10\n");
        outcomes.append("many,p" + i + "," + BIG + ",1,0.01,,,10\n");
      }
      Files.writeString(dir.resolve("many.prompts.jsonl"), prompts);
      Files.writeString(dir.resolve("many.outcomes.csv"), outcomes);
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String prompt(String id, String category, String text) {
    return "{\"dataset\":\""
        + NAME
        + "\",\"prompt_id\":\""
        + id
        + "\",\"category\":\""
        + category
        + "\",\"prompt\":\""
        + text
        + "\"}";
  }
}
