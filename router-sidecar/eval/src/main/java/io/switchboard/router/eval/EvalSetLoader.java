package io.switchboard.router.eval;

import io.switchboard.dataset.RecordedDataset;
import io.switchboard.dataset.RecordedOutcome;
import io.switchboard.dataset.RecordedPrompt;
import io.switchboard.router.core.features.TokenCounter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Turns a recorded dataset (uniform format) into {@link EvalPrompt}s, following RouteLLM's
 * protocol: prompts marked {@code contaminated} are dropped; MT-Bench questions are routed on turn
 * 1 and both turns go to the chosen model (quality = mean of the two judge scores, cost = sum).
 * Judge scores on a 1–10 scale are rescaled to [0, 1] by {@code (s − 1) / 9}.
 *
 * <p>Costs: the recorded {@code cost_usd} where present; otherwise list price × tokens, with input
 * tokens recorded or estimated from the prompt, and output tokens recorded, or {@code output_chars
 * / 4}, or — when the set records neither — the model's median over rows that do, else zero
 * (multiple-choice answers are a token or two).
 */
public final class EvalSetLoader {

  /** List price lookup: model name → (input, output) USD per million tokens. */
  public interface Prices {
    Optional<double[]> usdPerMillion(String model);
  }

  private final TokenCounter tokenCounter;
  private final Prices prices;

  public EvalSetLoader(TokenCounter tokenCounter, Prices prices) {
    this.tokenCounter = tokenCounter;
    this.prices = prices;
  }

  public EvalSet load(Path dataDir, String name) throws IOException {
    RecordedDataset dataset = RecordedDataset.load(dataDir, name);
    List<String> experts = dataset.models().stream().filter(m -> !isReferenceRouter(m)).toList();
    double scale = judgeScale(dataset, experts);
    Map<String, Integer> medianOutputTokens = medianOutputTokens(dataset, experts);
    boolean anyEstimated = false;
    Map<String, List<RecordedPrompt>> groups = new LinkedHashMap<>();
    for (RecordedPrompt prompt : dataset.prompts()) {
      if (prompt.contaminated()) {
        continue;
      }
      String group = prompt.questionId() != null ? prompt.questionId() : prompt.promptId();
      groups.computeIfAbsent(group, g -> new ArrayList<>()).add(prompt);
    }
    List<EvalPrompt> prompts = new ArrayList<>();
    for (Map.Entry<String, List<RecordedPrompt>> entry : groups.entrySet()) {
      List<RecordedPrompt> turns = new ArrayList<>(entry.getValue());
      turns.sort(
          (a, b) ->
              Integer.compare(a.turn() == null ? 1 : a.turn(), b.turn() == null ? 1 : b.turn()));
      Map<String, Double> quality = new HashMap<>();
      Map<String, Double> cost = new HashMap<>();
      for (String expert : experts) {
        double scoreSum = 0;
        double costSum = 0;
        boolean complete = true;
        for (RecordedPrompt turn : turns) {
          Optional<RecordedOutcome> outcome = dataset.outcome(turn.promptId(), expert);
          if (outcome.isEmpty() || outcome.get().score() == null) {
            complete = false;
            break;
          }
          scoreSum += scale > 1 ? (outcome.get().score() - 1) / (scale - 1) : outcome.get().score();
          OptionalDouble recorded =
              outcome.get().costUsd() == null
                  ? OptionalDouble.empty()
                  : OptionalDouble.of(outcome.get().costUsd());
          if (recorded.isPresent()) {
            costSum += recorded.getAsDouble();
          } else {
            costSum +=
                estimatedCost(turn, outcome.get(), medianOutputTokens.getOrDefault(expert, 0));
            anyEstimated = true;
          }
        }
        if (complete) {
          quality.put(expert, Math.max(0, Math.min(1, scoreSum / turns.size())));
          cost.put(expert, costSum);
        }
      }
      if (!quality.isEmpty()) {
        RecordedPrompt first = turns.get(0);
        prompts.add(new EvalPrompt(entry.getKey(), first.category(), first.text(), quality, cost));
      }
    }
    String note =
        anyEstimated
            ? "cost estimated from list prices (model_prices_for_datasets.csv) x tokens (input estimated from text where not recorded)"
            : "cost as recorded in the dataset";
    return new EvalSet(name, experts, prompts, note);
  }

  private double estimatedCost(RecordedPrompt prompt, RecordedOutcome outcome, int medianOutput) {
    Optional<double[]> price = prices.usdPerMillion(outcome.model());
    if (price.isEmpty()) {
      return 0;
    }
    long input =
        outcome.inputTokens() != null
            ? outcome.inputTokens()
            : tokenCounter.countTokens(prompt.text());
    long output =
        outcome.outputTokens() != null
            ? outcome.outputTokens()
            : outcome.outputChars() != null ? (outcome.outputChars() + 3) / 4 : medianOutput;
    return (input * price.get()[0] + output * price.get()[1]) / 1_000_000.0;
  }

  private static Map<String, Integer> medianOutputTokens(
      RecordedDataset dataset, List<String> experts) {
    Map<String, List<Integer>> perModel = new HashMap<>();
    for (RecordedPrompt prompt : dataset.prompts()) {
      for (String expert : experts) {
        dataset
            .outcome(prompt.promptId(), expert)
            .ifPresent(
                outcome -> {
                  Integer tokens =
                      outcome.outputTokens() != null
                          ? outcome.outputTokens()
                          : outcome.outputChars() != null ? (outcome.outputChars() + 3) / 4 : null;
                  if (tokens != null) {
                    perModel.computeIfAbsent(expert, e -> new ArrayList<>()).add(tokens);
                  }
                });
      }
    }
    Map<String, Integer> medians = new HashMap<>();
    perModel.forEach(
        (model, values) -> {
          values.sort(Integer::compare);
          medians.put(model, values.get(values.size() / 2));
        });
    return medians;
  }

  /** 10 for judge-scored sets (scores above 1 occur), 1 otherwise. */
  private static double judgeScale(RecordedDataset dataset, List<String> experts) {
    double max = 0;
    for (RecordedPrompt prompt : dataset.prompts()) {
      for (RecordedOutcome outcome : dataset.outcomes(prompt.promptId()).values()) {
        if (outcome.score() != null && experts.contains(outcome.model())) {
          max = Math.max(max, outcome.score());
        }
      }
    }
    return max > 1 ? 10 : 1;
  }

  /** MT-Bench carries two commercial routers' picks as reference rows: not experts. */
  private static boolean isReferenceRouter(String model) {
    return model.equals("martian") || model.equals("unify");
  }
}
