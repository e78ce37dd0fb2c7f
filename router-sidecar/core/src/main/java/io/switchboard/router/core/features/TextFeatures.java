package io.switchboard.router.core.features;

/**
 * Cheap, model-free features of a prompt. {@link #vector()} gives them scaled to roughly unit
 * range, in a fixed order ({@link #NAMES}), for linear models and bandit contexts.
 */
public record TextFeatures(
    int tokens,
    int lines,
    double digitShare,
    double symbolShare,
    boolean looksLikeCode,
    boolean looksLikeMath,
    int questionMarks,
    boolean multipleChoice) {

  public static final String[] NAMES = {
    "log_tokens",
    "log_lines",
    "digit_share",
    "symbol_share",
    "code",
    "math",
    "questions",
    "multiple_choice"
  };

  public double[] vector() {
    return new double[] {
      Math.log1p(tokens) / 8.0,
      Math.log1p(lines) / 5.0,
      digitShare,
      symbolShare,
      looksLikeCode ? 1 : 0,
      looksLikeMath ? 1 : 0,
      Math.min(questionMarks, 5) / 5.0,
      multipleChoice ? 1 : 0,
    };
  }
}
