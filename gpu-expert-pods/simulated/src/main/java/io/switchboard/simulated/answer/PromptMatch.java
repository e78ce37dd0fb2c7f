package io.switchboard.simulated.answer;

import io.switchboard.dataset.RecordedPrompt;

/**
 * The recorded prompt a request is answered from.
 *
 * @param prompt the recorded prompt
 * @param kind how it was found
 * @param similarity 1 for exact matches, the token-set Jaccard similarity otherwise
 */
public record PromptMatch(RecordedPrompt prompt, Kind kind, double similarity) {

  public enum Kind {
    /** The full prompt text equals a recorded prompt (after whitespace normalisation). */
    EXACT_PROMPT,
    /** The last user message equals a recorded prompt. */
    EXACT_LAST_MESSAGE,
    /** Highest token-set Jaccard similarity among recorded prompts. */
    NEAREST,
    /** No word in common with any recorded prompt: chosen by a stable hash of the text. */
    HASHED
  }
}
