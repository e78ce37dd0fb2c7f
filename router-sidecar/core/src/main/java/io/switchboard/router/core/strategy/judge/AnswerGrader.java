package io.switchboard.router.core.strategy.judge;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.switchboard.router.core.spi.ExpertClient;
import java.time.Duration;
import java.util.OptionalDouble;
import java.util.concurrent.CompletionStage;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Asks a judge expert to grade an answer to a query with one integer from 1 to 10 (MT-Bench's
 * scale) and maps it to a quality in [0, 1] as (s − 1) / 9. Parsing is strict: anything but a lone
 * score (optionally "Score: 7" or "7/10") is no grade, so a chatty judge never invents feedback.
 * Used by the cascade's judge check and by judge feedback for learning strategies.
 */
public final class AnswerGrader {
  private static final Pattern SCORE =
      Pattern.compile(
          "^\\s*(?:score\\s*[:=]\\s*)?(10|[1-9])(?:\\s*/\\s*10)?\\s*\\.?\\s*$",
          Pattern.CASE_INSENSITIVE);

  /**
   * Query and answer are clipped, as the judge's context is small and its call should be cheap: the
   * query keeps its end (the question comes last), the answer its beginning and its end (where
   * conclusions usually are).
   */
  static final int MAX_CHARS = 6000;

  private static final int ANSWER_HEAD_CHARS = 1000;

  private final ExpertClient client;
  private final String judgeExpert;
  private final Duration timeout;
  private final ObjectMapper json = new ObjectMapper();

  public AnswerGrader(ExpertClient client, String judgeExpert, Duration timeout) {
    this.client = client;
    this.judgeExpert = judgeExpert;
    this.timeout = timeout;
  }

  public String judgeExpert() {
    return judgeExpert;
  }

  /**
   * The grade in [0, 1]; empty when the judge's reply is not a lone score. Fails when the call
   * fails.
   */
  public CompletionStage<OptionalDouble> grade(String query, String answer) {
    ArrayNode messages = json.createArrayNode();
    messages
        .addObject()
        .put("role", "system")
        .put(
            "content",
            "You grade answers. Reply with one integer from 1 (useless) to 10 (perfect) and nothing else.");
    messages
        .addObject()
        .put("role", "user")
        .put(
            "content",
            "Question:\n"
                + clip(query)
                + "\n\nAnswer:\n"
                + clipAnswer(answer)
                + "\n\nScore (1-10):");
    return client
        .complete(judgeExpert, messages.toString(), 4, timeout)
        .thenApply(reply -> parse(reply.text()));
  }

  /** (s − 1) / 9 for a reply that is exactly one score from 1 to 10, else empty. */
  public static OptionalDouble parse(String judgeText) {
    Matcher matcher = SCORE.matcher(judgeText == null ? "" : judgeText);
    if (!matcher.matches()) {
      return OptionalDouble.empty();
    }
    return OptionalDouble.of((Integer.parseInt(matcher.group(1)) - 1) / 9.0);
  }

  private static String clipAnswer(String text) {
    String t = text == null ? "" : text;
    if (t.length() <= MAX_CHARS) {
      return t;
    }
    return t.substring(0, ANSWER_HEAD_CHARS)
        + "\n[...]\n"
        + t.substring(t.length() - (MAX_CHARS - ANSWER_HEAD_CHARS));
  }

  private static String clip(String text) {
    String t = text == null ? "" : text;
    return t.length() <= MAX_CHARS ? t : t.substring(t.length() - MAX_CHARS);
  }
}
