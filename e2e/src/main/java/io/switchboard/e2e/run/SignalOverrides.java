package io.switchboard.e2e.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The quickstart policies with the simulated signals' quality overridden on every simulated expert
 * of the pool ({@code simulation.confidenceAuroc}, {@code judgeAgreement}, {@code routerAccuracy}),
 * for sweeping a mode over signal quality. Written to a copy; the repository's files stay as they
 * are.
 */
public record SignalOverrides(
    Double confidenceAuroc, Double judgeAgreement, Double routerAccuracy) {

  public boolean any() {
    return confidenceAuroc != null || judgeAgreement != null || routerAccuracy != null;
  }

  /** Copies {@code source}'s YAML files into {@code target}, the pool's experts overridden. */
  public Path write(Path source, Path target) throws IOException {
    Files.createDirectories(target);
    ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
    try (Stream<Path> files = Files.list(source)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
        JsonNode doc = yaml.readTree(file.toFile());
        if ("ExpertPool".equals(doc.path("kind").asText())) {
          for (JsonNode expert : doc.path("spec").path("experts")) {
            if (expert.path("simulation").isObject()) {
              ObjectNode simulation = (ObjectNode) expert.get("simulation");
              put(simulation, "confidenceAuroc", confidenceAuroc);
              put(simulation, "judgeAgreement", judgeAgreement);
              put(simulation, "routerAccuracy", routerAccuracy);
            }
          }
        }
        yaml.writeValue(target.resolve(file.getFileName()).toFile(), doc);
      }
    }
    return target;
  }

  private static void put(ObjectNode simulation, String field, Double value) {
    if (value != null) {
      simulation.put(field, value);
    }
  }
}
