package io.switchboard.e2e.run;

import io.switchboard.dataset.RecordedDataset;
import io.switchboard.dataset.RecordedOutcome;
import io.switchboard.dataset.RecordedPrompt;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Reference rows computed from the recorded data for the same prompts (nothing is served): always
 * the strongest expert (highest mean score on the sample, the pricier on a tie), always the
 * cheapest (lowest mean recorded cost), and the oracle (per prompt the best-scoring expert, the
 * cheapest among ties).
 */
public final class Baselines {

  private final RecordedDataset dataset;
  private final List<PoolExpert> experts;

  public Baselines(RecordedDataset dataset, List<PoolExpert> experts) {
    this.dataset = dataset;
    this.experts = experts;
  }

  public List<ModeSummary> compute(List<RecordedPrompt> prompts) {
    // Ties on a small sample go to the pricier expert: "strongest" means the premium choice.
    PoolExpert strongest =
        experts.stream()
            .max(
                Comparator.<PoolExpert>comparingDouble(e -> mean(prompts, e, true))
                    .thenComparingDouble(e -> mean(prompts, e, false)))
            .orElseThrow();
    PoolExpert cheapest =
        experts.stream()
            .min(Comparator.comparingDouble(e -> mean(prompts, e, false)))
            .orElseThrow();
    List<ModeSummary> rows = new ArrayList<>();
    rows.add(fixed("always-strongest (" + strongest.name() + ")", strongest, prompts));
    rows.add(fixed("always-cheapest (" + cheapest.name() + ")", cheapest, prompts));
    rows.add(oracle(prompts));
    return rows;
  }

  private ModeSummary fixed(String name, PoolExpert expert, List<RecordedPrompt> prompts) {
    return row(name, prompts, prompts.stream().map(p -> expert).toList());
  }

  private ModeSummary oracle(List<RecordedPrompt> prompts) {
    List<PoolExpert> picks =
        prompts.stream()
            .map(
                p ->
                    experts.stream()
                        .max(
                            Comparator.<PoolExpert>comparingDouble(e -> score(p, e))
                                .thenComparingDouble(e -> -cost(p, e)))
                        .orElseThrow())
            .toList();
    return row("oracle", prompts, picks);
  }

  private ModeSummary row(String name, List<RecordedPrompt> prompts, List<PoolExpert> picks) {
    double quality = 0;
    double cost = 0;
    Map<String, Integer> counts = new TreeMap<>();
    for (int i = 0; i < prompts.size(); i++) {
      quality += score(prompts.get(i), picks.get(i));
      cost += cost(prompts.get(i), picks.get(i));
      counts.merge(picks.get(i).name(), 1, Integer::sum);
    }
    Map<String, Double> shares = new TreeMap<>();
    int n = prompts.size();
    counts.forEach((e, c) -> shares.put(e, c / (double) n));
    return new ModeSummary(
        name,
        n,
        0,
        quality / n,
        Double.NaN,
        cost / n * 1000,
        Double.NaN,
        Double.NaN,
        shares,
        0,
        0,
        true);
  }

  private double mean(List<RecordedPrompt> prompts, PoolExpert expert, boolean quality) {
    return prompts.stream()
        .mapToDouble(p -> quality ? score(p, expert) : cost(p, expert))
        .average()
        .orElse(0);
  }

  private double score(RecordedPrompt prompt, PoolExpert expert) {
    return outcome(prompt, expert).map(RecordedOutcome::score).orElse(0.0);
  }

  private double cost(RecordedPrompt prompt, PoolExpert expert) {
    return outcome(prompt, expert).map(RecordedOutcome::costUsd).orElse(0.0);
  }

  private Optional<RecordedOutcome> outcome(RecordedPrompt prompt, PoolExpert expert) {
    return dataset
        .outcome(prompt.promptId(), expert.model())
        .filter(o -> o.score() != null && o.costUsd() != null);
  }
}
