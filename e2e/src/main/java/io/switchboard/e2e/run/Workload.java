package io.switchboard.e2e.run;

import io.switchboard.dataset.RecordedDataset;
import io.switchboard.dataset.RecordedPrompt;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * The prompts replayed through every mode: a seeded sample of a recorded dataset (the same prompts,
 * in the same order, for each mode), or the small built-in workload when the recorded data is
 * absent.
 *
 * @param dataset the recorded outcomes used to score answers (the router never sees them)
 * @param prompts the sample
 * @param builtIn true for the built-in workload (hand-written, illustrative outcomes; not
 *     measurements)
 */
public record Workload(RecordedDataset dataset, List<RecordedPrompt> prompts, boolean builtIn) {

  /**
   * Name of the built-in dataset files, written under the run directory (same name as the
   * quickstart pool uses).
   */
  public static final String BUILT_IN_RESOURCE = "/builtin-workload/";

  public static Workload sample(RecordedDataset dataset, int size, long seed, boolean builtIn) {
    List<RecordedPrompt> shuffled = new ArrayList<>(dataset.prompts());
    Collections.shuffle(shuffled, new Random(seed));
    return new Workload(
        dataset, List.copyOf(shuffled.subList(0, Math.min(size, shuffled.size()))), builtIn);
  }

  /**
   * Writes the built-in workload as dataset {@code name} into {@code dir} (for the simulated
   * experts) and returns that directory.
   */
  public static Path writeBuiltIn(Path dir, String name) throws IOException {
    Files.createDirectories(dir);
    for (String suffix : new String[] {".prompts.jsonl", ".outcomes.csv"}) {
      try (InputStream in =
          Workload.class.getResourceAsStream(BUILT_IN_RESOURCE + "builtin" + suffix)) {
        if (in == null) {
          throw new IOException("built-in workload resource builtin" + suffix + " missing");
        }
        String text =
            new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)
                .replace("\"dataset\": \"builtin\"", "\"dataset\": \"" + name + "\"")
                .replace("\nbuiltin,", "\n" + name + ",");
        Files.writeString(dir.resolve(name + suffix), text);
      }
    }
    return dir;
  }
}
