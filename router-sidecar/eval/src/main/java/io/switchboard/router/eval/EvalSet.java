package io.switchboard.router.eval;

import java.util.List;

/**
 * A dataset ready for replay.
 *
 * @param costNote how costs were obtained (recorded, or estimated from list prices and which token
 *     counts)
 */
public record EvalSet(
    String name, List<String> experts, List<EvalPrompt> prompts, String costNote) {

  public EvalSet {
    experts = List.copyOf(experts);
    prompts = List.copyOf(prompts);
  }

  public EvalSet withPrompts(List<EvalPrompt> subset) {
    return new EvalSet(name, experts, subset, costNote);
  }

  /**
   * Mean quality of always sending every prompt to {@code expert} (prompts it did not answer are
   * skipped).
   */
  public double meanQuality(String expert) {
    return prompts.stream()
        .filter(p -> p.answeredBy(expert))
        .mapToDouble(p -> p.quality().get(expert))
        .average()
        .orElse(Double.NaN);
  }

  public double costPer1k(String expert) {
    return 1000
        * prompts.stream()
            .filter(p -> p.answeredBy(expert))
            .mapToDouble(p -> p.costUsd().getOrDefault(expert, 0.0))
            .average()
            .orElse(Double.NaN);
  }
}
