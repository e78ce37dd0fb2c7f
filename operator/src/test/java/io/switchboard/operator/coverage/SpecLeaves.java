package io.switchboard.operator.coverage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The leaves of a CRD's {@code spec} schema and edits of a resource by path.
 *
 * <p>A leaf path names properties by name, array items as {@code []} and map values as {@code {}}:
 * {@code spec.experts[].gpu.nodeSelector.{}}. An edit path names concrete elements: {@code
 * spec.experts[0].gpu.nodeSelector.zone}; {@link #leafOf} maps it onto the leaf it edits.
 */
final class SpecLeaves {

  private SpecLeaves() {}

  /** Every leaf under {@code spec} of an {@code openAPIV3Schema}. */
  static SortedSet<String> of(JsonNode openApiSchema) {
    SortedSet<String> leaves = new TreeSet<>();
    walk(openApiSchema.path("properties").path("spec"), "spec", leaves);
    return leaves;
  }

  private static void walk(JsonNode schema, String path, SortedSet<String> leaves) {
    if (schema.has("properties")) {
      schema
          .get("properties")
          .fields()
          .forEachRemaining(p -> walk(p.getValue(), path + "." + p.getKey(), leaves));
    } else if (schema.path("additionalProperties").isObject()) {
      walk(schema.get("additionalProperties"), path + ".{}", leaves);
    } else if (schema.has("items")) {
      walk(schema.get("items"), path + "[]", leaves);
    } else {
      leaves.add(path);
    }
  }

  /** The schema leaf (or, for an object or array, the schema path) an edit path lands on. */
  static String leafOf(JsonNode openApiSchema, String editPath) {
    JsonNode schema = openApiSchema;
    StringBuilder leaf = new StringBuilder();
    for (Segment s : segments(editPath)) {
      if (schema.path("properties").has(s.name())) {
        schema = schema.get("properties").get(s.name());
        leaf.append(leaf.isEmpty() ? "" : ".").append(s.name());
      } else if (schema.path("additionalProperties").isObject()) {
        schema = schema.get("additionalProperties");
        leaf.append(".{}");
      } else {
        throw new IllegalArgumentException(
            editPath + ": no property " + s.name() + " in the schema");
      }
      if (s.index() != null) {
        schema = schema.get("items");
        leaf.append("[]");
      }
    }
    return leaf.toString();
  }

  /** Sets {@code value} at {@code path}, creating missing objects on the way. */
  static void set(ObjectNode root, String path, JsonNode value) {
    List<Segment> segments = segments(path);
    JsonNode parent = root;
    for (int i = 0; i < segments.size() - 1; i++) {
      parent = child((ObjectNode) parent, segments.get(i), true);
    }
    Segment last = segments.get(segments.size() - 1);
    ObjectNode object = (ObjectNode) parent;
    if (last.index() == null) {
      object.set(last.name(), value);
    } else {
      ((ArrayNode) object.get(last.name())).set(last.index(), value);
    }
  }

  /** Removes the property or array element at {@code path}; it must exist. */
  static void remove(ObjectNode root, String path) {
    List<Segment> segments = segments(path);
    JsonNode parent = root;
    for (int i = 0; i < segments.size() - 1; i++) {
      parent = child((ObjectNode) parent, segments.get(i), false);
    }
    Segment last = segments.get(segments.size() - 1);
    ObjectNode object = (ObjectNode) parent;
    if (last.index() == null) {
      if (object.remove(last.name()) == null) {
        throw new IllegalArgumentException(path + ": nothing to remove");
      }
    } else {
      ((ArrayNode) object.get(last.name())).remove(last.index());
    }
  }

  private static JsonNode child(ObjectNode object, Segment s, boolean create) {
    JsonNode next = object.get(s.name());
    if (next == null) {
      if (!create || s.index() != null) {
        throw new IllegalArgumentException("no " + s.name() + " to edit");
      }
      next = object.putObject(s.name());
    }
    if (s.index() != null) {
      next = next.get(s.index());
      if (next == null) {
        throw new IllegalArgumentException("no " + s.name() + "[" + s.index() + "] to edit");
      }
    }
    return next;
  }

  private record Segment(String name, Integer index) {}

  private static List<Segment> segments(String path) {
    List<Segment> out = new ArrayList<>();
    for (String part : path.split("\\.")) {
      int bracket = part.indexOf('[');
      out.add(
          bracket < 0
              ? new Segment(part, null)
              : new Segment(
                  part.substring(0, bracket),
                  Integer.parseInt(part.substring(bracket + 1, part.length() - 1))));
    }
    return out;
  }
}
