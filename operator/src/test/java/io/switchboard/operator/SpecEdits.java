package io.switchboard.operator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * Spec records with a few fields set, built through their JSON form: the records have 20-odd
 * positional components and no withers, and a test should name only the fields it is about.
 */
public final class SpecEdits {

  private static final ObjectMapper JSON = new ObjectMapper();

  private SpecEdits() {}

  /** A spec with only {@code fields} set (top-level field name → value). */
  public static <S> S of(Class<S> type, Map<String, ?> fields) {
    return edit(JSON.createObjectNode(), type, fields);
  }

  /** A copy of {@code spec} with one top-level field replaced ({@code null} removes it). */
  @SuppressWarnings("unchecked")
  public static <S> S with(S spec, String field, Object value) {
    ObjectNode tree = JSON.valueToTree(spec);
    if (value == null) {
      tree.remove(field);
      return edit(tree, (Class<S>) spec.getClass(), Map.of());
    }
    return edit(tree, (Class<S>) spec.getClass(), Map.of(field, value));
  }

  private static <S> S edit(ObjectNode tree, Class<S> type, Map<String, ?> fields) {
    fields.forEach((name, value) -> tree.set(name, JSON.valueToTree(value)));
    try {
      return JSON.treeToValue(tree, type);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not a valid " + type.getSimpleName() + ": " + tree, e);
    }
  }
}
