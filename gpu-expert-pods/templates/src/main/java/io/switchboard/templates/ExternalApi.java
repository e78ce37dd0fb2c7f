package io.switchboard.templates;

/**
 * A hosted API expert.
 *
 * @param url        base URL of the OpenAI-compatible API, e.g. {@code https://api.openai.com/v1}
 * @param secretName Secret holding the API key
 * @param secretKey  key inside the Secret
 */
public record ExternalApi(String url, String secretName, String secretKey) {
}
