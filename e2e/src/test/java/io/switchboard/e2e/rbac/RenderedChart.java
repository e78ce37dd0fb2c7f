package io.switchboard.e2e.rbac;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.marcnuri.helm.Helm;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The chart's objects for one set of values, rendered by helm-java's bundled Helm as {@code helm
 * template --namespace} does, values passed as a values file.
 */
public record RenderedChart(String namespace, List<HasMetadata> objects) {

  public static final String RELEASE = "sb";
  public static final String NAMESPACE = "switchboard-system";

  public static RenderedChart render(Path chart, Path workDir, Map<String, ?> values) {
    return render(chart, workDir, RELEASE, NAMESPACE, values);
  }

  public static RenderedChart render(
      Path chart, Path workDir, String release, String namespace, Map<String, ?> values) {
    try {
      Files.createDirectories(workDir);
      Path valuesFile = Files.createTempFile(workDir, "values-", ".yaml");
      new YAMLMapper().writeValue(valuesFile.toFile(), values);
      String manifest =
          new Helm(chart)
              .template()
              .withName(release)
              .withNamespace(namespace)
              .withValuesFile(valuesFile)
              .call();
      return new RenderedChart(namespace, parse(manifest));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The chart's ServiceAccount for the operator, as the RBAC authorizer identifies it. */
  public RbacAuthorizer.ServiceAccount operatorServiceAccount() {
    HasMetadata account =
        objects.stream()
            .filter(o -> o.getKind().equals("ServiceAccount"))
            .findFirst()
            .orElseThrow(() -> new IllegalStateException("the chart rendered no ServiceAccount"));
    return new RbacAuthorizer.ServiceAccount(namespace, account.getMetadata().getName());
  }

  /**
   * The operator container's literal environment as the chart's Deployment sets it ({@code
   * valueFrom} entries, if any, are left out: they need a cluster to resolve).
   */
  public Map<String, String> operatorEnv() {
    Deployment deployment =
        objects.stream()
            .filter(Deployment.class::isInstance)
            .map(Deployment.class::cast)
            .findFirst()
            .orElseThrow(() -> new IllegalStateException("the chart rendered no Deployment"));
    Map<String, String> env = new LinkedHashMap<>();
    for (EnvVar var :
        deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv()) {
      if (var.getValue() != null) {
        env.put(var.getName(), var.getValue());
      }
    }
    return env;
  }

  /** Every object of a multi-document YAML text. */
  static List<HasMetadata> parse(String manifest) throws IOException {
    KubernetesSerialization serialization = new KubernetesSerialization();
    JsonMapper json = JsonMapper.builder().build();
    List<HasMetadata> objects = new ArrayList<>();
    try (var parser = new YAMLFactory().createParser(manifest)) {
      var documents = json.readerFor(JsonNode.class).<JsonNode>readValues(parser);
      while (documents.hasNext()) {
        JsonNode document = documents.next();
        if (document != null && document.isObject()) {
          objects.add(
              serialization.unmarshal(json.writeValueAsString(document), HasMetadata.class));
        }
      }
    }
    return objects;
  }
}
