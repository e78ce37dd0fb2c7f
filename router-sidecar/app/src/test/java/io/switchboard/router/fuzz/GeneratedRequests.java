package io.switchboard.router.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Generated HTTP requests a hostile or buggy client sends: malformed and truncated JSON, wrong
 * types, deeply nested and oversized bodies, wrong methods and content types, odd headers, and
 * valid requests among them. Drawn from a seeded {@link Random}, so a run is reproducible from its
 * seed. (Plain generators rather than jqwik's: jqwik arbitraries only generate on jqwik's own
 * threads, and this test drives several connections from a Quarkus test.)
 */
final class GeneratedRequests {

  /** One request as sent on the wire (the client adds Host and Content-Length). */
  record Request(String method, String path, List<String[]> headers, byte[] body, Kind kind) {}

  /** What the router should make of it. */
  enum Kind {
    /** A well-formed chat request for the virtual model: must succeed. */
    VALID,
    /** Anything else: a 4xx with an OpenAI-shaped body, never a 5xx. */
    CLIENT_ERROR,
    /** A GET of a read-only endpoint: 200 or a 4xx, never a 5xx. */
    READ,
    /**
     * Wrong types in fields the router does not read (it parses only what routing needs and
     * forwards the rest as bytes, so the engine validates them, as vLLM does with a 400): the
     * router may serve it or refuse it, never with a 5xx.
     */
    FORWARDED
  }

  private static final String[] POST_PATHS = {
    "/v1/chat/completions", "/v1/completions", "/v1/embeddings", "/v1/feedback"
  };
  private static final String[] GET_PATHS = {
    "/v1/models", "/switchboard/usage", "/v1/unknown", "/v1/", "/switchboard/federation/aggregate"
  };

  /** Wrong in fields the router itself reads (model, messages, stream, max_tokens, feedback). */
  private static final String[] WRONG_TYPES = {
    "{\"model\":5,\"messages\":[]}",
    "{\"model\":\"auto\",\"messages\":\"hello\"}",
    "{\"model\":\"auto\",\"messages\":[],\"stream\":\"yes\"}",
    "{\"model\":\"auto\",\"messages\":[],\"max_tokens\":-1}",
    "{\"request_id\":5,\"score\":\"high\"}",
    "{\"request_id\":\"x\",\"score\":2}",
    "null",
    "[]",
    "42",
    "\"auto\"",
    "{}",
    "{\"model\":\"gpt-17\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
    "{\"model\":\"auto\",\"model\":\"auto\",\"messages\":[]}"
  };

  /** Wrong only in fields the engine validates. */
  private static final String[] ENGINE_WRONG_TYPES = {
    "{\"model\":\"auto\",\"messages\":[{\"role\":\"user\",\"content\":7}]}",
    "{\"model\":\"auto\",\"messages\":[],\"temperature\":\"hot\"}",
    "{\"model\":\"auto\",\"messages\":[],\"n\":1e400}",
    "{\"model\":\"auto\",\"prompt\":{\"a\":1}}",
    "{\"model\":\"auto\",\"input\":[[[[1]]]]}"
  };

  private static final String[][] ODD_HEADERS = {
    {"authorization", "Bearer"},
    {"authorization", "Basic Zm9vOmJhcg=="},
    {"x-request-id", "a".repeat(500)},
    {"x-request-id", "id with spaces"},
    {"accept", "*/*"},
    {"x-switchboard-offloaded", "1"},
    {"x-custom", "\u00e9t\u00e9"}
  };
  private static final String VALID_PREFIX =
      "{\"model\":\"auto\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

  private final int maxBodyBytes;

  GeneratedRequests(int maxBodyBytes) {
    this.maxBodyBytes = maxBodyBytes;
  }

  Request next(Random r) {
    int pick = r.nextInt(19);
    if (pick == 18) {
      return new Request(
          "POST",
          pickOf(r, POST_PATHS),
          json(),
          utf8(pickOf(r, ENGINE_WRONG_TYPES)),
          Kind.FORWARDED);
    }
    if (pick < 2) {
      String body =
          "{\"model\":\"auto\",\"messages\":[{\"role\":\"user\",\"content\":"
              + jsonString(text(r, 1 + r.nextInt(200)))
              + "}]}";
      return new Request("POST", "/v1/chat/completions", json(), utf8(body), Kind.VALID);
    }
    if (pick < 4) {
      String type = pickOf(r, "text/plain", "application/x-www-form-urlencoded", "json", "");
      List<String[]> headers =
          type.isEmpty() ? List.of() : List.<String[]>of(new String[] {"content-type", type});
      return new Request(
          "POST", pickOf(r, POST_PATHS), headers, utf8(WRONG_TYPES[0]), Kind.CLIENT_ERROR);
    }
    if (pick < 6) {
      return new Request(
          pickOf(r, "GET", "PUT", "DELETE", "PATCH"),
          pickOf(r, POST_PATHS),
          json(),
          new byte[0],
          Kind.CLIENT_ERROR);
    }
    if (pick < 8) {
      return new Request("GET", pickOf(r, GET_PATHS), oddHeaders(r), new byte[0], Kind.READ);
    }
    List<String[]> headers = new ArrayList<>(oddHeaders(r));
    headers.addAll(json());
    return new Request("POST", pickOf(r, POST_PATHS), headers, badBody(r), Kind.CLIENT_ERROR);
  }

  /** A body that is not a valid request, each branch a different way to be wrong. */
  private byte[] badBody(Random r) {
    return switch (r.nextInt(6)) {
      case 0 -> utf8(VALID_PREFIX.substring(0, r.nextInt(VALID_PREFIX.length() - 1)));
      case 1 -> {
        byte[] bytes = new byte[r.nextInt(257)];
        r.nextBytes(bytes);
        yield bytes;
      }
      case 2 -> utf8(pickOf(r, WRONG_TYPES));
      case 3 -> utf8("{\"model\":\"auto\",\"messages\":" + "[".repeat(500 + r.nextInt(50_000)));
      case 4 -> {
        byte[] body = new byte[maxBodyBytes + 1 + r.nextInt(2 * maxBodyBytes)];
        Arrays.fill(body, (byte) ' ');
        byte[] head = utf8("{\"model\":\"auto\",\"messages\":[],\"x\":\"");
        System.arraycopy(head, 0, body, 0, head.length);
        yield body;
      }
      default -> utf8("{\"model\":\"auto\",\"messages\":[" + text(r, r.nextInt(64)) + "]");
    };
  }

  private static List<String[]> oddHeaders(Random r) {
    List<String[]> headers = new ArrayList<>();
    for (int i = r.nextInt(4); i > 0; i--) {
      headers.add(ODD_HEADERS[r.nextInt(ODD_HEADERS.length)]);
    }
    return headers;
  }

  /** Text of printable ASCII, other BMP characters and the odd control character. */
  private static String text(Random r, int length) {
    StringBuilder s = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      int kind = r.nextInt(10);
      s.append(
          (char)
              (kind < 7
                  ? 0x20 + r.nextInt(0x5f)
                  : kind < 9 ? 0xa0 + r.nextInt(0x2000) : r.nextInt(0x20)));
    }
    return s.toString();
  }

  @SafeVarargs
  private static <T> T pickOf(Random r, T... options) {
    return options[r.nextInt(options.length)];
  }

  private static List<String[]> json() {
    return List.<String[]>of(new String[] {"content-type", "application/json"});
  }

  private static String jsonString(String s) {
    StringBuilder out = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20 || Character.isSurrogate(c)) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.append('"').toString();
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
