package io.switchboard.router.core.spi;

/**
 * What a strategy knows about a request. Cheap fields are eager; everything derived from the body
 * is lazy in {@link #features()}.
 *
 * @param requestId the {@code x-request-id} (client-supplied or generated); feedback refers to it
 * @param policy name of the policy routing it
 * @param requestedModel the {@code model} the client sent (the virtual model)
 * @param endpoint which OpenAI endpoint
 * @param stream whether the client asked for SSE streaming
 * @param maxTokens the client's {@code max_tokens}/{@code max_completion_tokens}, or -1 when absent
 * @param tenant tenant from the API key, {@code anonymous} without one
 * @param features lazily computed request features
 */
public record RoutingRequest(
    String requestId,
    String policy,
    String requestedModel,
    Endpoint endpoint,
    boolean stream,
    int maxTokens,
    String tenant,
    RequestFeatures features) {}
