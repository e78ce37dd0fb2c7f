package io.switchboard.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.client.CustomResource;
import io.switchboard.api.v1alpha1.budget.Budget;
import io.switchboard.api.v1alpha1.expertpool.ExpertPool;
import io.switchboard.api.v1alpha1.routingpolicy.RoutingPolicy;
import io.switchboard.api.validation.CrdValidator;
import io.switchboard.api.validation.RepoPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every example under policies/ is accepted by the checked-in CRD schema and its CEL rules and maps
 * onto the Java model field by field; every file under policies/invalid/ is refused for the reason
 * its "# expect:" header states.
 */
class PolicyExamplesTest {

  private static final Pattern EXPECT = Pattern.compile("^# expect: (.+)$", Pattern.MULTILINE);
  private static final ObjectMapper YAML = new YAMLMapper();

  /** Strict: a field in the YAML the Java model lacks is a model bug, not something to ignore. */
  private static final ObjectMapper STRICT_MODEL =
      JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

  private static final Map<String, Class<? extends CustomResource<?, ?>>> MODEL =
      Map.of(
          "ExpertPool",
          ExpertPool.class,
          "RoutingPolicy",
          RoutingPolicy.class,
          "Budget",
          Budget.class);

  /**
   * YAML integers in number fields come back as doubles from the model; equal by value is what
   * matters.
   */
  private static final Comparator<JsonNode> NUMERIC_VALUE_EQUALITY =
      (a, b) ->
          a.equals(b)
                  || (a.isNumber()
                      && b.isNumber()
                      && a.decimalValue().compareTo(b.decimalValue()) == 0)
              ? 0
              : 1;

  private static Map<String, CrdValidator> validators;

  @BeforeAll
  static void loadCrds() throws IOException {
    validators =
        Map.of(
            "ExpertPool", CrdValidator.fromCrdFile(RepoPaths.crd("expertpools")),
            "RoutingPolicy", CrdValidator.fromCrdFile(RepoPaths.crd("routingpolicies")),
            "Budget", CrdValidator.fromCrdFile(RepoPaths.crd("budgets")));
  }

  static Stream<Path> validExamples() throws IOException {
    return yamlFiles().filter(p -> !p.toString().contains("/invalid/"));
  }

  static Stream<Path> invalidExamples() throws IOException {
    return yamlFiles().filter(p -> p.toString().contains("/invalid/"));
  }

  private static Stream<Path> yamlFiles() throws IOException {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(RepoPaths.root().resolve("policies"))) {
      files =
          walk.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
              .sorted()
              .toList();
    }
    return files.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("validExamples")
  void validExampleIsAcceptedAndMapsOntoTheModel(Path file) throws IOException {
    List<JsonNode> documents = documents(file);
    assertThat(documents).as("documents in %s", file).isNotEmpty();
    for (JsonNode doc : documents) {
      String kind = doc.path("kind").asText();
      if ("Secret".equals(kind)) {
        // A core object shipped with an example (the quickstart's demo tenant key): not ours to
        // validate beyond being a Secret that holds something.
        assertThat(doc.path("apiVersion").asText()).as("apiVersion in %s", file).isEqualTo("v1");
        assertThat(doc.has("stringData") || doc.has("data")).as("data in %s", file).isTrue();
        continue;
      }
      assertThat(validators).as("kind %s in %s", kind, file).containsKey(kind);
      assertThat(validators.get(kind).validate(doc)).as("errors for %s", file).isEmpty();
      CustomResource<?, ?> resource = STRICT_MODEL.treeToValue(doc, MODEL.get(kind));
      assertThat(resource.getSpec()).isNotNull();
      JsonNode roundTripped = STRICT_MODEL.valueToTree(resource.getSpec());
      assertThat(roundTripped.equals(NUMERIC_VALUE_EQUALITY, doc.get("spec")))
          .as(
              "spec of %s survives a round trip through the Java model:%n  yaml:  %s%n  model: %s",
              file, doc.get("spec"), roundTripped)
          .isTrue();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidExamples")
  void invalidExampleIsRefusedForItsStatedReason(Path file) throws IOException {
    Matcher expect = EXPECT.matcher(Files.readString(file));
    assertThat(expect.find()).as("%s needs a '# expect: <reason>' header", file).isTrue();
    JsonNode doc = documents(file).get(0);
    List<String> errors = validators.get(doc.path("kind").asText()).validate(doc);
    assertThat(errors).as("%s must be refused", file).isNotEmpty();
    assertThat(String.join("\n", errors)).contains(expect.group(1).trim());
  }

  @Test
  void thereIsAnExampleForEveryRoutingMode() throws IOException {
    List<String> modes = new ArrayList<>();
    for (Path file : validExamples().toList()) {
      for (JsonNode doc : documents(file)) {
        if ("RoutingPolicy".equals(doc.path("kind").asText())) {
          modes.add(doc.path("spec").path("mode").asText());
        }
      }
    }
    assertThat(modes)
        .contains("cascade", "bandit", "llm", "federated", "capability", "classifier", "weighted");
    assertThat(invalidExamples().count()).isGreaterThanOrEqualTo(10);
  }

  private static List<JsonNode> documents(Path file) throws IOException {
    List<JsonNode> docs = new ArrayList<>();
    try (var parser = new YAMLFactory().createParser(file.toFile())) {
      YAML.readValues(parser, JsonNode.class)
          .forEachRemaining(
              d -> {
                if (d != null && !d.isNull() && !d.isEmpty()) {
                  docs.add(d);
                }
              });
    }
    return docs;
  }
}
