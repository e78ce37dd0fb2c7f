package io.switchboard.simulated.answer;

import io.switchboard.dataset.CostEstimator;
import io.switchboard.dataset.RecordedDataset;
import io.switchboard.dataset.RecordedOutcome;
import java.util.Map;
import java.util.Optional;

/**
 * Answers requests as one recorded model did: finds the recorded prompt ({@link PromptIndex}) and
 * builds a response of the recorded length.
 *
 * <p>The datasets record scores and response lengths but no response texts, so the text is a
 * clearly marked placeholder: a header naming the dataset, prompt and model, padded to the recorded
 * number of characters. Token count: recorded output tokens, else recorded characters / {@value
 * CostEstimator#CHARS_PER_TOKEN} (rounded up), else the configured default. {@code max_tokens}
 * truncates (finish reason {@code length}). Grading prompts go to the {@link SimulatedJudge}, the
 * {@code llm} mode's router prompts to the {@link SimulatedRouter}.
 */
public final class RecordedAnswers {

  private static final String FILLER = " simulated";

  private final RecordedDataset dataset;
  private final String model;
  private final SimulatedJudge judge;
  private final SimulatedRouter router;
  private final PromptIndex index;
  private final int defaultOutputTokens;

  public RecordedAnswers(RecordedDataset dataset, String model, int defaultOutputTokens) {
    this(
        dataset,
        model,
        defaultOutputTokens,
        new SimulatedJudge(dataset),
        new SimulatedRouter(dataset, Map.of(), SimulatedRouter.DEFAULT_ACCURACY));
  }

  public RecordedAnswers(
      RecordedDataset dataset,
      String model,
      int defaultOutputTokens,
      SimulatedJudge judge,
      SimulatedRouter router) {
    if (!dataset.models().contains(model)) {
      throw new IllegalArgumentException(
          "dataset "
              + dataset.name()
              + " has no outcomes for model '"
              + model
              + "'; models: "
              + dataset.models());
    }
    this.dataset = dataset;
    this.model = model;
    this.index = new PromptIndex(dataset.prompts());
    this.defaultOutputTokens = defaultOutputTokens;
    this.judge = judge;
    this.router = router;
  }

  public String model() {
    return model;
  }

  public String datasetName() {
    return dataset.name();
  }

  /**
   * @param maxTokens the request's {@code max_tokens}, or {@code null}
   */
  public SimulatedAnswer answer(String fullText, String lastUserMessage, Integer maxTokens) {
    if (SimulatedRouter.isRouterRequest(fullText) && lastUserMessage != null) {
      // The query alone names the recorded prompt; the router's system message would blur it.
      PromptMatch query = index.match(lastUserMessage, lastUserMessage);
      Optional<SimulatedRouter.Choice> choice = router.choose(fullText, query.prompt().promptId());
      if (choice.isPresent()) {
        String json = choice.get().replyJson();
        return new SimulatedAnswer(
            json,
            CostEstimator.estimateTokens(json.length()),
            "stop",
            query,
            null,
            SimulatedAnswer.LengthSource.ROUTER,
            null,
            choice.get());
      }
    }
    PromptMatch match = index.match(fullText, lastUserMessage);
    if (SimulatedJudge.isGradingRequest(lastUserMessage)) {
      SimulatedJudge.Verdict verdict = judge.judge(lastUserMessage);
      return new SimulatedAnswer(
          Integer.toString(verdict.grade()),
          1,
          "stop",
          match,
          null,
          SimulatedAnswer.LengthSource.JUDGE,
          verdict,
          null);
    }
    Optional<RecordedOutcome> outcome = dataset.outcome(match.prompt().promptId(), model);
    Integer chars = outcome.map(RecordedOutcome::outputChars).orElse(null);
    Integer recordedTokens = outcome.map(RecordedOutcome::outputTokens).orElse(null);
    int tokens;
    SimulatedAnswer.LengthSource source;
    if (recordedTokens != null) {
      tokens = recordedTokens;
      source = SimulatedAnswer.LengthSource.RECORDED_TOKENS;
    } else if (chars != null) {
      tokens = CostEstimator.estimateTokens(chars);
      source = SimulatedAnswer.LengthSource.RECORDED_CHARS;
    } else {
      tokens = defaultOutputTokens;
      source = SimulatedAnswer.LengthSource.DEFAULT;
    }
    tokens = Math.max(1, tokens);
    int length = chars != null ? Math.max(1, chars) : tokens * CostEstimator.CHARS_PER_TOKEN;
    String finishReason = "stop";
    if (maxTokens != null && maxTokens > 0 && tokens > maxTokens) {
      length = (int) ((long) length * maxTokens / tokens);
      tokens = maxTokens;
      finishReason = "length";
    }
    String text = placeholder(match, Math.max(1, length));
    return new SimulatedAnswer(
        text,
        tokens,
        finishReason,
        match,
        outcome.map(RecordedOutcome::score).orElse(null),
        source);
  }

  private String placeholder(PromptMatch match, int length) {
    StringBuilder text =
        new StringBuilder(length + FILLER.length())
            .append("[switchboard-simulated answer: ")
            .append(model)
            .append(" on ")
            .append(dataset.name())
            .append('/')
            .append(match.prompt().promptId())
            .append("; recorded length only, no recorded text]");
    while (text.length() < length) {
      text.append(FILLER);
    }
    text.setLength(length);
    return text.toString();
  }
}
