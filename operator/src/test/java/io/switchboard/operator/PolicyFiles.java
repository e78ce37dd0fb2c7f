package io.switchboard.operator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.switchboard.api.validation.RepoPaths;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads the example resources under policies/ into the CR model. */
public final class PolicyFiles {

  private static final ObjectMapper YAML = new YAMLMapper();

  private PolicyFiles() {}

  public static <T extends HasMetadata> T read(String relativePath, Class<T> type) {
    return readAll(relativePath, type).get(0);
  }

  public static <T extends HasMetadata> List<T> readAll(String relativePath, Class<T> type) {
    Path file = RepoPaths.root().resolve("policies").resolve(relativePath);
    List<T> result = new ArrayList<>();
    try (var parser = new YAMLFactory().createParser(file.toFile())) {
      var docs = YAML.readValues(parser, JsonNode.class);
      while (docs.hasNext()) {
        JsonNode doc = docs.next();
        if (doc != null && type.getSimpleName().equals(doc.path("kind").asText())) {
          T resource = YAML.treeToValue(doc, type);
          if (resource.getMetadata().getNamespace() == null) {
            resource.getMetadata().setNamespace("default");
          }
          result.add(resource);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return result;
  }
}
