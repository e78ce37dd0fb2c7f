package io.switchboard.helm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.marcnuri.helm.DryRun;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Renders the chart with the Helm library (helm-java's bundled native Helm, no cluster needed) the
 * way `helm template` does, values passed as a values file exactly as a user would.
 */
final class ChartRenderer {

  static final String RELEASE = "sb";
  static final String NAMESPACE = "switchboard-system";

  private final Helm helm;
  private final Path workDir;
  private final ObjectMapper yaml = new YAMLMapper();

  ChartRenderer(Path chart, Path workDir) {
    this.helm = new Helm(chart);
    this.workDir = workDir;
  }

  RenderedChart render(Map<String, ?> values) {
    String manifest =
        helm.template()
            .withName(RELEASE)
            .withNamespace(NAMESPACE)
            .withValuesFile(valuesFile(values))
            .call();
    return new RenderedChart(manifest, parse(manifest));
  }

  /**
   * The NOTES.txt a user sees after `helm install`, from a client-side dry run (no cluster
   * contacted).
   */
  String installNotes(Map<String, ?> values) {
    String output =
        helm.install()
            .withName(RELEASE)
            .withNamespace(NAMESPACE)
            .withValuesFile(valuesFile(values))
            .withDryRunOption(DryRun.CLIENT)
            .clientOnly()
            .call()
            .getOutput();
    int notes = output.indexOf("NOTES:");
    if (notes < 0) {
      throw new IllegalStateException("install printed no NOTES:\n" + output);
    }
    return output.substring(notes);
  }

  LintResult lint() {
    return helm.lint().strict().call();
  }

  private Path valuesFile(Map<String, ?> values) {
    try {
      Path file = Files.createTempFile(workDir, "values-", ".yaml");
      yaml.writeValue(file.toFile(), values);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private List<JsonNode> parse(String manifest) {
    try (var parser = new YAMLFactory().createParser(manifest)) {
      List<JsonNode> documents = new ArrayList<>();
      var reader = JsonMapper.builder().build().readerFor(JsonNode.class);
      var iterator = reader.readValues(parser);
      while (iterator.hasNext()) {
        JsonNode document = (JsonNode) iterator.next();
        if (document != null && !document.isNull() && !document.isMissingNode()) {
          documents.add(document);
        }
      }
      return documents;
    } catch (IOException e) {
      throw new UncheckedIOException("rendered manifest is not valid YAML:\n" + manifest, e);
    }
  }
}
