package io.switchboard.simulated.answer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.switchboard.dataset.DataDirectory;
import io.switchboard.dataset.RecordedDataset;
import io.switchboard.dataset.RecordedPrompt;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Matching on the real RouterBench prompts (5-shot prompts that share their examples); skipped
 * without the data.
 */
class RealDataMatchingTest {

  @Test
  void everyPromptMatchesItselfAndPerturbedPromptsMostlyFindTheirOrigin() throws IOException {
    Path dir = DataDirectory.locate(Path.of(System.getProperty("switchboard.repo.root", "../..")));
    assumeTrue(
        Files.isRegularFile(dir.resolve("routerbench_subset.prompts.jsonl")),
        "shared data not found at " + dir);
    RecordedDataset dataset = RecordedDataset.load(dir, "routerbench_subset");
    RecordedAnswers answers = new RecordedAnswers(dataset, "gpt-4-1106-preview", 256);

    int exact = 0;
    int recordedServed = 0;
    int nearestToOrigin = 0;
    long start = System.nanoTime();
    for (RecordedPrompt prompt : dataset.prompts()) {
      SimulatedAnswer answer = answers.answer(prompt.text(), prompt.text(), null);
      if (answer.match().prompt().promptId().equals(prompt.promptId())) {
        exact++;
        var outcome = dataset.outcome(prompt.promptId(), "gpt-4-1106-preview").orElseThrow();
        if (java.util.Objects.equals(answer.recordedScore(), outcome.score())
            && answer.text().length() == Math.max(1, outcome.outputChars())) {
          recordedServed++;
        }
      }
      // Perturb: drop the first line and lower-case, as a client template change might.
      String perturbed =
          prompt.text().substring(Math.max(0, prompt.text().indexOf('\n') + 1)).toLowerCase()
              + " please";
      if (answers
          .answer(perturbed, perturbed, null)
          .match()
          .prompt()
          .promptId()
          .equals(prompt.promptId())) {
        nearestToOrigin++;
      }
    }
    double microsPerLookup = (System.nanoTime() - start) / 1e3 / (2.0 * dataset.prompts().size());
    System.out.printf(
        "routerbench_subset: %d/%d exact, %d/%d perturbed found their origin, %.0f us per lookup%n",
        exact,
        dataset.prompts().size(),
        nearestToOrigin,
        dataset.prompts().size(),
        microsPerLookup);
    // Some RouterBench prompts are exact duplicates of each other; the first one in file order
    // answers.
    assertThat(exact).isGreaterThan((int) (0.97 * dataset.prompts().size()));
    assertThat(recordedServed).as("recorded score and length served").isEqualTo(exact);
    assertThat(nearestToOrigin).isGreaterThan((int) (0.9 * dataset.prompts().size()));
  }
}
