package io.switchboard.router.core.features;

/** Counts the tokens of a prompt (for cost estimates and length features). */
public interface TokenCounter {

  int countTokens(String text);

  /** Four characters per token: the usual English estimate when no tokenizer is at hand. */
  static TokenCounter charsPerToken() {
    return text -> (text.length() + 3) / 4;
  }
}
