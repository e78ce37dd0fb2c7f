package io.switchboard.router.http;

/**
 * A client request the router refuses; carries the HTTP status and OpenAI error type/code to answer
 * with.
 */
public final class InvalidRequestException extends RuntimeException {
  private final int status;
  private final String type;
  private final String code;

  public InvalidRequestException(int status, String type, String code, String message) {
    super(message, null, false, false);
    this.status = status;
    this.type = type;
    this.code = code;
  }

  public static InvalidRequestException badRequest(String code, String message) {
    return new InvalidRequestException(400, "invalid_request_error", code, message);
  }

  public int status() {
    return status;
  }

  public String type() {
    return type;
  }

  public String code() {
    return code;
  }
}
