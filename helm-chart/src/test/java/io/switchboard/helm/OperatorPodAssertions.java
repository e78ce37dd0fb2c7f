package io.switchboard.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.StreamSupport;

/** Checks every Deployment the chart renders must pass, whatever the values. */
final class OperatorPodAssertions {

  private OperatorPodAssertions() {}

  static void assertProductionReady(JsonNode deployment) {
    String name = deployment.path("metadata").path("name").asText();
    JsonNode pod = deployment.path("spec").path("template").path("spec");
    JsonNode podSecurity = pod.path("securityContext");
    assertThat(podSecurity.path("runAsNonRoot").asBoolean()).as("%s runAsNonRoot", name).isTrue();
    assertThat(podSecurity.path("seccompProfile").path("type").asText())
        .as("%s seccomp", name)
        .isEqualTo("RuntimeDefault");
    assertThat(pod.path("containers")).as("%s containers", name).isNotEmpty();
    for (JsonNode container : pod.path("containers")) {
      String where = name + "/" + container.path("name").asText();
      assertThat(container.path("livenessProbe").path("httpGet").path("path").asText())
          .as("%s liveness", where)
          .isEqualTo("/q/health/live");
      assertThat(container.path("readinessProbe").path("httpGet").path("path").asText())
          .as("%s readiness", where)
          .isEqualTo("/q/health/ready");
      assertThat(container.path("resources").path("requests").path("cpu").isMissingNode())
          .as("%s cpu request", where)
          .isFalse();
      assertThat(container.path("resources").path("requests").path("memory").isMissingNode())
          .as("%s memory request", where)
          .isFalse();
      assertThat(container.path("resources").path("limits").path("memory").isMissingNode())
          .as("%s memory limit", where)
          .isFalse();
      JsonNode security = container.path("securityContext");
      assertThat(security.path("allowPrivilegeEscalation").asBoolean(true))
          .as("%s privilege escalation", where)
          .isFalse();
      assertThat(security.path("readOnlyRootFilesystem").asBoolean())
          .as("%s read-only root", where)
          .isTrue();
      assertThat(texts(security.path("capabilities").path("drop")))
          .as("%s dropped capabilities", where)
          .containsExactly("ALL");
      assertThat(mountPath(container, "/tmp")).as("%s writable /tmp", where).isPresent();
    }
    String tmpVolume = mountPath(pod.path("containers").get(0), "/tmp").orElseThrow();
    JsonNode volume =
        StreamSupport.stream(pod.path("volumes").spliterator(), false)
            .filter(v -> tmpVolume.equals(v.path("name").asText()))
            .findFirst()
            .orElseThrow();
    assertThat(volume.has("emptyDir")).as("%s /tmp is an emptyDir", name).isTrue();
  }

  static Optional<String> env(JsonNode deployment, String variable) {
    for (JsonNode env : operatorContainer(deployment).path("env")) {
      if (variable.equals(env.path("name").asText())) {
        return Optional.of(env.path("value").asText());
      }
    }
    return Optional.empty();
  }

  static JsonNode operatorContainer(JsonNode deployment) {
    return deployment.path("spec").path("template").path("spec").path("containers").get(0);
  }

  static List<String> texts(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(v -> values.add(v.asText()));
    return values;
  }

  private static Optional<String> mountPath(JsonNode container, String path) {
    for (JsonNode mount : container.path("volumeMounts")) {
      if (path.equals(mount.path("mountPath").asText())) {
        return Optional.of(mount.path("name").asText());
      }
    }
    return Optional.empty();
  }
}
