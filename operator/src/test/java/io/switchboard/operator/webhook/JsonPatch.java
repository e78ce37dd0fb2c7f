package io.switchboard.operator.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Applies the "add" operations of an RFC 6902 patch, as the API server does with a webhook's patch.
 */
final class JsonPatch {

  private JsonPatch() {}

  static JsonNode apply(JsonNode patch, JsonNode document) {
    JsonNode doc = document.deepCopy();
    for (JsonNode op : patch) {
      if (!"add".equals(op.get("op").asText())) {
        throw new IllegalArgumentException("only add is used by the injector: " + op);
      }
      String[] parts = op.get("path").asText().substring(1).split("/");
      JsonNode parent = doc;
      for (int i = 0; i < parts.length - 1; i++) {
        String key = unescape(parts[i]);
        parent = parent.isArray() ? parent.get(Integer.parseInt(key)) : parent.get(key);
        if (parent == null) {
          throw new IllegalArgumentException("missing parent for " + op.get("path").asText());
        }
      }
      String last = unescape(parts[parts.length - 1]);
      if (parent instanceof ArrayNode array) {
        if ("-".equals(last)) {
          array.add(op.get("value"));
        } else {
          array.insert(Integer.parseInt(last), op.get("value"));
        }
      } else {
        ((ObjectNode) parent).set(last, op.get("value"));
      }
    }
    return doc;
  }

  private static String unescape(String segment) {
    return segment.replace("~1", "/").replace("~0", "~");
  }
}
