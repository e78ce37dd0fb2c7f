package io.switchboard.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Checks the loader against the shared data's README; skipped when the data is absent. */
class RealDataTest {

  private static Path dataDir;

  @BeforeAll
  static void locateData() {
    dataDir = DataDirectory.locate(Path.of(System.getProperty("switchboard.repo.root", "../..")));
    assumeTrue(
        Files.isRegularFile(dataDir.resolve("routerbench_subset.outcomes.csv")),
        "shared data not found at " + dataDir);
  }

  @Test
  void countsMatchTheReadme() throws IOException {
    assertThat(RecordedDataset.available(dataDir))
        .contains(
            "routerbench_subset",
            "routerdc_7model",
            "routellm_mmlu",
            "routellm_gsm8k",
            "routellm_mtbench");

    RecordedDataset mtbench = RecordedDataset.load(dataDir, "routellm_mtbench");
    assertThat(mtbench.prompts()).hasSize(116);
    assertThat(mtbench.prompts()).filteredOn(p -> p.turn() == 2).hasSize(58);
    assertThat(mtbench.models())
        .contains("gpt-4-1106-preview", "mistralai/Mixtral-8x7B-Instruct-v0.1", "martian", "unify");

    RecordedDataset routerbench = RecordedDataset.load(dataDir, "routerbench_subset");
    assertThat(routerbench.prompts()).hasSize(2245);
    assertThat(routerbench.models()).hasSize(11);
    // The README mentions 14 unscored ARC prompts; this split has 99 empty score cells over 18 ARC
    // prompts.
    long unscoredCells =
        routerbench.prompts().stream()
            .flatMap(p -> routerbench.outcomes(p.promptId()).values().stream())
            .filter(o -> o.score() == null)
            .count();
    assertThat(unscoredCells).isEqualTo(99);
    assertThat(routerbench.prompts())
        .filteredOn(
            p ->
                routerbench.outcomes(p.promptId()).values().stream()
                    .anyMatch(o -> o.score() == null))
        .hasSize(18)
        .allMatch(p -> p.promptId().startsWith("arc-challenge"));
  }

  @Test
  void largestSetLoadsAndEveryModelIsPriced() throws IOException {
    long start = System.nanoTime();
    RecordedDataset routerdc = RecordedDataset.load(dataDir, "routerdc_7model");
    long millis = (System.nanoTime() - start) / 1_000_000;
    System.out.printf(
        "routerdc_7model: %d prompts x %d models loaded in %d ms%n",
        routerdc.prompts().size(), routerdc.models().size(), millis);
    assertThat(routerdc.prompts()).hasSize(14_396);
    assertThat(routerdc.models()).hasSize(7);

    ModelPrices prices = ModelPrices.load(dataDir.resolve("model_prices_for_datasets.csv"));
    for (String name : new String[] {"routerdc_7model", "routerbench_subset"}) {
      for (String model : RecordedDataset.load(dataDir, name).models()) {
        assertThat(prices.price(model)).as("price of %s", model).isPresent();
      }
    }
    assertThat(prices.price("mistralai/Mixtral-8x7B-Instruct-v0.1")).isPresent();
  }

  @Test
  void routerbenchCostPerThousandPromptsMatchesReadme() throws IOException {
    RecordedDataset routerbench = RecordedDataset.load(dataDir, "routerbench_subset");
    CostEstimator costs =
        new CostEstimator(ModelPrices.load(dataDir.resolve("model_prices_for_datasets.csv")));
    double gpt4 = 0;
    for (RecordedPrompt prompt : routerbench.prompts()) {
      gpt4 +=
          routerbench
              .outcome(prompt.promptId(), "gpt-4-1106-preview")
              .flatMap(o -> costs.cost(prompt, o))
              .orElseThrow()
              .usd();
    }
    assertThat(1000 * gpt4 / routerbench.prompts().size()).isBetween(4.95, 5.05);
  }
}
