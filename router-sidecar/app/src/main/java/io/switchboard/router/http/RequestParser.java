package io.switchboard.router.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamReadException;
import io.switchboard.router.core.spi.Endpoint;
import java.io.IOException;

/**
 * Reads only the top-level fields routing needs with Jackson's streaming parser (no tree, no
 * objects for the rest of the body) and validates their types. Everything else is skipped and later
 * forwarded as bytes.
 */
public final class RequestParser {
  private final JsonFactory factory;

  public RequestParser() {
    // Byte offsets need the byte-based parser (canonicalising field names; disabling that switches
    // Jackson
    // to a char-based parser without byte offsets). Duplicate detection is done below for the
    // fields the
    // router reads, not by Jackson for every nested object: a body whose 'model' differs between
    // the
    // router's and the upstream's parser would route one model and run another.
    this.factory = new JsonFactory();
  }

  /**
   * @throws InvalidRequestException (400) for malformed JSON or wrongly typed fields
   */
  public ParsedRequest parse(byte[] body, int length, Endpoint endpoint) {
    try (JsonParser p = factory.createParser(body, 0, length)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw InvalidRequestException.badRequest(
            "invalid_body", "request body must be a JSON object");
      }
      String model = null;
      int modelStart = -1;
      int modelEnd = -1;
      boolean stream = false;
      boolean includeUsage = false;
      boolean hasStreamOptions = false;
      int maxTokens = -1;
      boolean logprobs = false;
      int contentStart = -1;
      int contentEnd = -1;
      String contentField =
          switch (endpoint) {
            case CHAT_COMPLETIONS -> "messages";
            case COMPLETIONS -> "prompt";
            case EMBEDDINGS -> "input";
          };
      JsonToken t;
      int seen = 0;
      while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken v = p.nextToken();
        int bit =
            switch (name) {
              case "model" -> 1;
              case "stream" -> 2;
              case "stream_options" -> 4;
              case "max_tokens" -> 8;
              case "max_completion_tokens" -> 16;
              case "logprobs" -> 32;
              default -> name.equals(contentField) ? 64 : 0;
            };
        if ((seen & bit) != 0) {
          throw InvalidRequestException.badRequest(
              "duplicate_field", "duplicate field '" + name + "'");
        }
        seen |= bit;
        switch (name) {
          case "model" -> {
            if (v != JsonToken.VALUE_STRING) {
              throw InvalidRequestException.badRequest("invalid_model", "'model' must be a string");
            }
            modelStart = (int) p.currentTokenLocation().getByteOffset();
            model = p.getText();
            modelEnd = (int) p.currentLocation().getByteOffset();
          }
          case "stream" -> {
            if (v == JsonToken.VALUE_TRUE) {
              stream = true;
            } else if (v == JsonToken.VALUE_FALSE || v == JsonToken.VALUE_NULL) {
              stream = false;
            } else {
              throw InvalidRequestException.badRequest(
                  "invalid_stream", "'stream' must be a boolean");
            }
          }
          case "stream_options" -> {
            hasStreamOptions = v != JsonToken.VALUE_NULL;
            includeUsage = readIncludeUsage(p, v);
          }
          case "max_tokens", "max_completion_tokens" -> {
            if (v == JsonToken.VALUE_NUMBER_INT) {
              long n = p.getLongValue();
              if (n < 0 || n > Integer.MAX_VALUE) {
                throw InvalidRequestException.badRequest(
                    "invalid_max_tokens", "'" + name + "' must be a non-negative integer");
              }
              maxTokens = (int) n;
            } else if (v != JsonToken.VALUE_NULL) {
              throw InvalidRequestException.badRequest(
                  "invalid_max_tokens", "'" + name + "' must be an integer");
            }
          }
          case "logprobs" -> {
            logprobs = v != JsonToken.VALUE_NULL;
            p.skipChildren();
          }
          default -> {
            if (name.equals(contentField)) {
              contentStart = (int) p.currentTokenLocation().getByteOffset();
              if (v == JsonToken.START_ARRAY || v == JsonToken.START_OBJECT) {
                p.skipChildren();
              } else {
                p.finishToken();
              }
              contentEnd = (int) p.currentLocation().getByteOffset();
            } else {
              p.skipChildren();
            }
          }
        }
      }
      if (t != JsonToken.END_OBJECT) {
        throw InvalidRequestException.badRequest(
            "invalid_body", "request body must be a JSON object");
      }
      if (p.nextToken() != null) {
        throw InvalidRequestException.badRequest(
            "invalid_body", "unexpected content after the JSON object");
      }
      if (model == null) {
        throw InvalidRequestException.badRequest("missing_model", "'model' is required");
      }
      if (contentStart < 0) {
        throw InvalidRequestException.badRequest(
            "missing_" + contentField, "'" + contentField + "' is required");
      }
      if (endpoint == Endpoint.CHAT_COMPLETIONS && body[contentStart] != '[') {
        throw InvalidRequestException.badRequest("invalid_messages", "'messages' must be an array");
      }
      return new ParsedRequest(
          model,
          modelStart,
          modelEnd,
          stream,
          includeUsage,
          hasStreamOptions,
          maxTokens,
          logprobs,
          contentStart,
          contentEnd);
    } catch (StreamReadException e) {
      throw InvalidRequestException.badRequest(
          "invalid_json", "malformed JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw InvalidRequestException.badRequest(
          "invalid_json", "unreadable body: " + e.getMessage());
    }
  }

  private static boolean readIncludeUsage(JsonParser p, JsonToken v) throws IOException {
    if (v == JsonToken.VALUE_NULL) {
      return false;
    }
    if (v != JsonToken.START_OBJECT) {
      throw InvalidRequestException.badRequest(
          "invalid_stream_options", "'stream_options' must be an object");
    }
    boolean include = false;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken t = p.nextToken();
      if (name.equals("include_usage")) {
        if (t == JsonToken.VALUE_TRUE) {
          include = true;
        } else if (t != JsonToken.VALUE_FALSE && t != JsonToken.VALUE_NULL) {
          throw InvalidRequestException.badRequest(
              "invalid_stream_options", "'stream_options.include_usage' must be a boolean");
        }
      } else {
        p.skipChildren();
      }
    }
    return include;
  }
}
