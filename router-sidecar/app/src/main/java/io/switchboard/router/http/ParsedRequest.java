package io.switchboard.router.http;

/**
 * What the router reads from a request body: the fields routing needs and byte ranges of the rest,
 * which stays untouched bytes. Ranges are {@code [start, end)} offsets into the body, -1 when
 * absent.
 *
 * @param model the {@code model} value
 * @param modelStart offset of the model string token (its opening quote)
 * @param modelEnd offset just after its closing quote
 * @param stream {@code stream: true}
 * @param includeUsage {@code stream_options.include_usage: true}
 * @param hasStreamOptions the client sent {@code stream_options} (the router then never injects its
 *     own)
 * @param maxTokens {@code max_tokens} or {@code max_completion_tokens}, -1 when absent
 * @param hasLogprobs the client set {@code logprobs} itself
 * @param contentStart start of {@code messages} (chat), {@code prompt} (completions) or {@code
 *     input} (embeddings)
 * @param contentEnd end of that value
 */
public record ParsedRequest(
    String model,
    int modelStart,
    int modelEnd,
    boolean stream,
    boolean includeUsage,
    boolean hasStreamOptions,
    int maxTokens,
    boolean hasLogprobs,
    int contentStart,
    int contentEnd) {}
