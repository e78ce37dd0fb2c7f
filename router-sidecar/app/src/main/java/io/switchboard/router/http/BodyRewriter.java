package io.switchboard.router.http;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;

/**
 * Produces the upstream body by splicing bytes: the {@code model} value is replaced in place and
 * optional fields are inserted right after the opening brace; every other byte is copied unchanged.
 */
public final class BodyRewriter {
  private static final byte[] INCLUDE_USAGE =
      "\"stream_options\":{\"include_usage\":true},".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] LOGPROBS = "\"logprobs\":true,".getBytes(StandardCharsets.US_ASCII);

  /**
   * @param body the client body (a JSON object, as validated by {@link RequestParser})
   * @param parsed its parse result (model byte range)
   * @param model the expert's model name
   * @param includeUsage insert {@code stream_options.include_usage: true} (only when the client
   *     sent no stream_options)
   * @param logprobs insert {@code logprobs: true} (only when the client sent no logprobs)
   */
  public Buffer rewrite(
      byte[] body, ParsedRequest parsed, String model, boolean includeUsage, boolean logprobs) {
    byte[] quoted = JsonStringEncoder.getInstance().quoteAsUTF8(model);
    Buffer out = Buffer.buffer(body.length + quoted.length + 64);
    int open = 0;
    while (body[open] != '{') {
      open++;
    }
    out.appendBytes(body, 0, open + 1);
    if (includeUsage) {
      out.appendBytes(INCLUDE_USAGE);
    }
    if (logprobs) {
      out.appendBytes(LOGPROBS);
    }
    out.appendBytes(body, open + 1, parsed.modelStart() - open - 1);
    out.appendByte((byte) '"').appendBytes(quoted).appendByte((byte) '"');
    out.appendBytes(body, parsed.modelEnd(), body.length - parsed.modelEnd());
    return out;
  }
}
