package io.switchboard.dataset;

/**
 * What one model produced for one prompt ({@code NAME.outcomes.csv}). A {@code null} component
 * means the source benchmark did not record it (see {@code /shared/data/README.md} for which set
 * records what).
 *
 * @param promptId prompt this outcome belongs to
 * @param model model name exactly as the dataset spells it
 * @param score quality: 0/1 correctness, 0..1 probability, or a 1–10 judge score depending on the
 *     set
 * @param costUsd recorded cost of the call in USD
 * @param inputTokens recorded prompt tokens
 * @param outputTokens recorded completion tokens
 * @param outputChars recorded length of the response text in characters
 */
public record RecordedOutcome(
    String promptId,
    String model,
    Double score,
    Double costUsd,
    Integer inputTokens,
    Integer outputTokens,
    Integer outputChars) {}
