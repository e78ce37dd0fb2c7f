package io.switchboard.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.LintResult;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `helm lint --strict`, and values.schema.json refusing values that would render a broken install.
 */
class ChartLintAndSchemaTest {

  @TempDir static Path workDir;
  static ChartRenderer renderer;

  @BeforeAll
  static void renderer() {
    renderer = new ChartRenderer(ChartLocation.locate().chart(), workDir);
  }

  @Test
  void lintPassesStrictly() {
    LintResult result = renderer.lint();
    assertThat(result.isFailed()).as("lint messages: %s", result.getMessages()).isFalse();
    assertThat(result.getMessages())
        .noneMatch(message -> message.contains("[ERROR]") || message.contains("[WARNING]"));
  }

  @Test
  void schemaRejectsANegativeReplicaCount() {
    assertThatThrownBy(() -> renderer.render(Map.of("replicas", -1)))
        .hasMessageContaining("values don't meet the specifications of the schema")
        .hasMessageContaining("replicas: Must be greater than or equal to 1");
  }

  @Test
  void schemaRejectsAnUnknownFailurePolicy() {
    assertThatThrownBy(
            () -> renderer.render(Map.of("webhook", Map.of("failurePolicy", "Sometimes"))))
        .hasMessageContaining("webhook.failurePolicy must be one of the following");
  }

  @Test
  void schemaRejectsANamespaceThatCannotExist() {
    assertThatThrownBy(() -> renderer.render(Map.of("watchNamespaces", List.of("Team_A"))))
        .hasMessageContaining("watchNamespaces");
  }

  @Test
  void schemaRejectsMisspelledValuesInsteadOfIgnoringThem() {
    assertThatThrownBy(() -> renderer.render(Map.of("replica", 2)))
        .hasMessageContaining("Additional property replica is not allowed");
    assertThatThrownBy(
            () -> renderer.render(Map.of("webhook", Map.of("certManger", Map.of("enabled", true)))))
        .hasMessageContaining("Additional property certManger is not allowed");
  }

  @Test
  void schemaAcceptsLeaderElectionModes() {
    for (Object mode : List.of("auto", true, false)) {
      assertThat(
              renderer
                  .render(Map.of("leaderElection", Map.of("enabled", mode)))
                  .ofKind("Deployment"))
          .hasSize(1);
    }
    assertThatThrownBy(
            () -> renderer.render(Map.of("leaderElection", Map.of("enabled", "sometimes"))))
        .hasMessageContaining("leaderElection");
  }
}
