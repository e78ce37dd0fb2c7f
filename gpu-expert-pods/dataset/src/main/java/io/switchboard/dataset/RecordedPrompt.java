package io.switchboard.dataset;

/**
 * One prompt of a recorded routing dataset ({@code NAME.prompts.jsonl}).
 *
 * @param dataset dataset name, e.g. {@code routerbench_subset}
 * @param promptId unique within the dataset
 * @param category task or subject, e.g. {@code mmlu} or {@code writing}
 * @param text the full prompt text that was sent to the models
 * @param contaminated RouteLLM sets: the prompt overlaps RouteLLM's router training data ({@code
 *     false} when absent)
 * @param turn MT-Bench turn (1 or 2), {@code null} for other sets
 * @param questionId MT-Bench question id, {@code null} for other sets
 */
public record RecordedPrompt(
    String dataset,
    String promptId,
    String category,
    String text,
    boolean contaminated,
    Integer turn,
    String questionId) {}
