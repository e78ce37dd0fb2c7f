package io.switchboard.helm;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.NoSuchElementException;

/** The documents one render produced, with look-ups by kind and name. */
record RenderedChart(String manifest, List<JsonNode> documents) {

  List<JsonNode> ofKind(String kind) {
    return documents.stream().filter(d -> kind.equals(d.path("kind").asText())).toList();
  }

  JsonNode get(String kind, String name) {
    return documents.stream()
        .filter(
            d ->
                kind.equals(d.path("kind").asText())
                    && name.equals(d.path("metadata").path("name").asText()))
        .findFirst()
        .orElseThrow(
            () -> new NoSuchElementException("no " + kind + " " + name + " in:\n" + manifest));
  }

  List<String> kinds() {
    return documents.stream().map(d -> d.path("kind").asText()).distinct().sorted().toList();
  }
}
