package io.switchboard.dataset;

import java.util.Optional;

/**
 * Cost of a recorded outcome: the recorded {@code cost_usd} when the dataset has one, otherwise an
 * estimate from {@link ModelPrices} and token counts.
 *
 * <p>Estimate: missing token counts are derived from text length at {@value #CHARS_PER_TOKEN}
 * characters per token, rounded up (the usual rule of thumb for English with GPT/Llama BPE
 * tokenizers; code and Chinese text tokenize denser, so their costs are underestimated). Input
 * tokens come from the prompt text, output tokens from {@code output_chars}. When the response
 * length was not recorded at all (e.g. RouteLLM MMLU), only the prompt is priced and the basis says
 * so. Models without a price (e.g. the {@code martian}/{@code unify} reference rows) have no cost.
 */
public final class CostEstimator {

  public static final int CHARS_PER_TOKEN = 4;

  private final ModelPrices prices;

  public CostEstimator(ModelPrices prices) {
    this.prices = prices;
  }

  /** Token count estimated from a text length in characters. */
  public static int estimateTokens(int chars) {
    return (chars + CHARS_PER_TOKEN - 1) / CHARS_PER_TOKEN;
  }

  /**
   * @param prompt the prompt of the outcome (its text sizes the input when tokens were not
   *     recorded)
   * @param outcome the outcome to cost
   * @return the cost, or empty when neither a recorded cost nor a price for the model exists
   */
  public Optional<CostEstimate> cost(RecordedPrompt prompt, RecordedOutcome outcome) {
    if (outcome.costUsd() != null) {
      return Optional.of(
          new CostEstimate(outcome.costUsd(), CostEstimate.Basis.RECORDED, null, null));
    }
    return prices.price(outcome.model()).map(price -> priced(price, prompt, outcome));
  }

  private static CostEstimate priced(
      ModelPrice price, RecordedPrompt prompt, RecordedOutcome outcome) {
    boolean estimated = false;
    int input;
    if (outcome.inputTokens() != null) {
      input = outcome.inputTokens();
    } else {
      input = estimateTokens(prompt.text().length());
      estimated = true;
    }
    CostEstimate.Basis basis;
    int output;
    if (outcome.outputTokens() != null) {
      output = outcome.outputTokens();
      basis =
          estimated
              ? CostEstimate.Basis.PRICED_ESTIMATED_TOKENS
              : CostEstimate.Basis.PRICED_RECORDED_TOKENS;
    } else if (outcome.outputChars() != null) {
      output = estimateTokens(outcome.outputChars());
      basis = CostEstimate.Basis.PRICED_ESTIMATED_TOKENS;
    } else {
      output = 0;
      basis = CostEstimate.Basis.PRICED_INPUT_ONLY;
    }
    return new CostEstimate(price.costUsd(input, output), basis, input, output);
  }
}
