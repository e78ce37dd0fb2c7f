package io.switchboard.templates;

/**
 * A hosted API expert.
 *
 * @param url base URL of the OpenAI-compatible API, e.g. {@code https://api.openai.com/v1}
 * @param secretName Secret holding the API key; {@code null} for an API without authentication
 * @param secretKey key inside the Secret; {@code null} exactly when {@code secretName} is
 */
public record ExternalApi(String url, String secretName, String secretKey) {}
