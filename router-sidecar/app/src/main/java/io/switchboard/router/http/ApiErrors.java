package io.switchboard.router.http;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.nio.charset.StandardCharsets;

/** Writes OpenAI-shaped errors: {@code {"error":{"message","type","code"}}}. */
public final class ApiErrors {
  private final JsonStringEncoder encoder = JsonStringEncoder.getInstance();

  public Buffer body(String message, String type, String code) {
    StringBuilder sb = new StringBuilder(96 + message.length());
    sb.append("{\"error\":{\"message\":\"");
    encoder.quoteAsString(message, sb);
    sb.append("\",\"type\":\"").append(type).append("\",\"param\":null,\"code\":");
    if (code == null) {
      sb.append("null");
    } else {
      sb.append('"');
      encoder.quoteAsString(code, sb);
      sb.append('"');
    }
    sb.append("}}");
    return Buffer.buffer(sb.toString().getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Sends the error unless the response already started; {@code retryAfterSeconds} > 0 adds
   * Retry-After.
   */
  public void send(
      HttpServerResponse response,
      int status,
      String type,
      String code,
      String message,
      long retryAfterSeconds) {
    if (response.headWritten() || response.ended() || response.closed()) {
      return;
    }
    response.setStatusCode(status).putHeader("content-type", "application/json");
    if (retryAfterSeconds > 0) {
      response.putHeader("retry-after", Long.toString(retryAfterSeconds));
    }
    response.end(body(message, type, code));
  }

  public void send(HttpServerResponse response, InvalidRequestException e) {
    send(response, e.status(), e.type(), e.code(), e.getMessage(), 0);
  }

  /** 415: the body is not declared as JSON. */
  public void notJson(HttpServerResponse response) {
    send(
        response,
        415,
        "invalid_request_error",
        "unsupported_media_type",
        "Content-Type must be application/json",
        0);
  }

  /** 403: a federation-scoped key (a peer cluster's) on an endpoint it does not open. */
  public void federationScoped(HttpServerResponse response) {
    send(
        response,
        403,
        "permission_denied",
        "key_scope",
        "this API key is scoped to federation: it opens the federation aggregate and requests a"
            + " peer offloads, nothing else",
        0);
  }

  /** 403: a key that is not scoped to federation on the federation aggregate. */
  public void notFederationScoped(HttpServerResponse response) {
    send(
        response,
        403,
        "permission_denied",
        "key_scope",
        "the federation aggregate needs a key scoped to federation",
        0);
  }

  /** 401: no key, or a key no tenant holds. */
  public void invalidApiKey(HttpServerResponse response) {
    send(
        response, 401, "invalid_request_error", "invalid_api_key", "missing or unknown API key", 0);
  }
}
