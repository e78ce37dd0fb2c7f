package io.switchboard.router.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.netty.buffer.ByteBuf;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Forwards an upstream SSE stream line by line as it arrives, watching it for usage. Complete lines
 * are forwarded unchanged in the same write as they arrived (a partial trailing line waits for its
 * end), so frames reach the client as soon as they are complete. When the router itself injected
 * {@code stream_options.include_usage}, the usage-only chunk ({@code "choices":[]} with usage) is
 * consumed rather than forwarded, because the client did not ask for it.
 */
public final class SseRelay {
  private static final byte[] USAGE = "\"usage\"".getBytes(StandardCharsets.US_ASCII);
  private static final JsonFactory FACTORY = new JsonFactory();

  private final boolean dropUsageChunk;
  private Buffer partial;
  private UpstreamUsage usage = UpstreamUsage.NONE;
  private long contentEvents;
  private boolean dropNextBlank;

  public SseRelay(boolean dropUsageChunk) {
    this.dropUsageChunk = dropUsageChunk;
  }

  /**
   * @return the bytes to forward now (possibly empty)
   */
  public Buffer accept(Buffer incoming) {
    Buffer data = incoming;
    if (partial != null) {
      data = partial.appendBuffer(incoming);
      partial = null;
    }
    // Scan the buffer's own array (Vert.x hands out heap buffers): copying every chunk out first
    // was the largest allocation of a streamed request.
    ByteBuf buf = data.getByteBuf();
    byte[] bytes;
    int from;
    if (buf.hasArray()) {
      bytes = buf.array();
      from = buf.arrayOffset() + buf.readerIndex();
    } else {
      bytes = data.getBytes();
      from = 0;
    }
    int to = from + data.length();
    int lastNewline = -1;
    for (int i = to - 1; i >= from; i--) {
      if (bytes[i] == '\n') {
        lastNewline = i;
        break;
      }
    }
    if (lastNewline < 0) {
      partial = data;
      return Buffer.buffer(0);
    }
    if (lastNewline < to - 1) {
      partial =
          Buffer.buffer(to - lastNewline - 1)
              .appendBytes(bytes, lastNewline + 1, to - lastNewline - 1);
    }
    Buffer out = null;
    int copyFrom = from;
    int lineStart = from;
    for (int i = from; i <= lastNewline; i++) {
      if (bytes[i] != '\n') {
        continue;
      }
      int s = lineStart;
      int e = i > s && bytes[i - 1] == '\r' ? i - 1 : i;
      lineStart = i + 1;
      boolean drop = false;
      if (e == s) {
        drop = dropNextBlank;
        dropNextBlank = false;
      } else if (isData(bytes, s, e)) {
        drop = inspect(bytes, s + 5, e);
        dropNextBlank = drop;
      }
      if (drop) {
        if (out == null) {
          out = Buffer.buffer(to - from);
        }
        out.appendBytes(bytes, copyFrom, s - copyFrom);
        copyFrom = i + 1;
      }
    }
    if (out == null) {
      return copyFrom == from && lastNewline == to - 1
          ? data
          : Buffer.buffer(lastNewline + 1 - from).appendBytes(bytes, from, lastNewline + 1 - from);
    }
    return out.appendBytes(bytes, copyFrom, lastNewline + 1 - copyFrom);
  }

  /** Anything left without a trailing newline when the upstream ended. */
  public Buffer remainder() {
    Buffer p = partial;
    partial = null;
    return p == null ? Buffer.buffer(0) : p;
  }

  public UpstreamUsage usage() {
    return usage;
  }

  /**
   * Number of data events that carried choices (≈ completion tokens for token-per-chunk servers).
   */
  public long contentEvents() {
    return contentEvents;
  }

  private static boolean isData(byte[] b, int s, int e) {
    return e - s >= 5
        && b[s] == 'd'
        && b[s + 1] == 'a'
        && b[s + 2] == 't'
        && b[s + 3] == 'a'
        && b[s + 4] == ':';
  }

  /**
   * @return true when this line is the usage-only chunk that must not be forwarded
   */
  private boolean inspect(byte[] b, int s, int e) {
    while (s < e && b[s] == ' ') {
      s++;
    }
    if (e - s == 6 && b[s] == '[') {
      return false; // [DONE]
    }
    int u = indexOf(b, s, e, USAGE);
    if (u < 0 || nullFollows(b, u + USAGE.length, e)) {
      contentEvents++;
      return false;
    }
    try (JsonParser p = FACTORY.createParser(b, s, e - s)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        contentEvents++;
        return false;
      }
      boolean emptyChoices = false;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken v = p.nextToken();
        if ("usage".equals(name) && v == JsonToken.START_OBJECT) {
          long prompt = -1;
          long completion = 0;
          while (p.nextToken() == JsonToken.FIELD_NAME) {
            String f = p.currentName();
            JsonToken t = p.nextToken();
            if (t == JsonToken.VALUE_NUMBER_INT && "prompt_tokens".equals(f)) {
              prompt = p.getLongValue();
            } else if (t == JsonToken.VALUE_NUMBER_INT && "completion_tokens".equals(f)) {
              completion = p.getLongValue();
            } else {
              p.skipChildren();
            }
          }
          if (prompt >= 0) {
            usage = new UpstreamUsage(prompt, completion);
          }
        } else if ("choices".equals(name) && v == JsonToken.START_ARRAY) {
          emptyChoices = p.nextToken() == JsonToken.END_ARRAY;
          if (!emptyChoices) {
            p.skipChildren();
            while (p.currentToken() != JsonToken.END_ARRAY && p.nextToken() != null) {
              p.skipChildren();
            }
          }
        } else {
          p.skipChildren();
        }
      }
      if (!emptyChoices) {
        contentEvents++;
      }
      return emptyChoices && dropUsageChunk;
    } catch (IOException ex) {
      contentEvents++;
      return false; // not JSON: forward untouched, it is the upstream's stream
    }
  }

  private static boolean nullFollows(byte[] b, int i, int e) {
    while (i < e && (b[i] == ' ' || b[i] == ':')) {
      i++;
    }
    return i < e && b[i] == 'n';
  }

  private static int indexOf(byte[] b, int s, int e, byte[] needle) {
    outer:
    for (int i = s; i <= e - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (b[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
