package io.switchboard.simulated.answer;

/**
 * What the simulated expert answers to one request.
 *
 * @param text response text (a marked placeholder: the datasets record lengths, not texts)
 * @param completionTokens tokens of {@code text} reported in {@code usage}
 * @param finishReason {@code stop}, or {@code length} when {@code max_tokens} cut the recorded
 *     answer
 * @param match the recorded prompt answered from
 * @param recordedScore the recorded quality of this model on that prompt, {@code null} if not
 *     recorded; only ever exposed through the evaluation channel
 * @param lengthSource where the answer length comes from
 * @param verdict what the simulated judge graded, for a grading request; else {@code null}
 * @param route what the simulated router chose, for a router request; else {@code null}
 */
public record SimulatedAnswer(
    String text,
    int completionTokens,
    String finishReason,
    PromptMatch match,
    Double recordedScore,
    LengthSource lengthSource,
    SimulatedJudge.Verdict verdict,
    SimulatedRouter.Choice route) {

  /** An ordinary answer (no judge verdict, no routing choice). */
  public SimulatedAnswer(
      String text,
      int completionTokens,
      String finishReason,
      PromptMatch match,
      Double recordedScore,
      LengthSource lengthSource) {
    this(text, completionTokens, finishReason, match, recordedScore, lengthSource, null, null);
  }

  /**
   * Where the answer's length came from; {@code JUDGE} is a one-token grade from the {@link
   * SimulatedJudge}, {@code ROUTER} a JSON routing answer from the {@link SimulatedRouter}.
   */
  public enum LengthSource {
    RECORDED_TOKENS,
    RECORDED_CHARS,
    DEFAULT,
    JUDGE,
    ROUTER
  }
}
