package io.switchboard.operator.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.switchboard.api.v1alpha1.expertpool.ExpertPool;
import io.switchboard.api.v1alpha1.routingpolicy.RoutingPolicy;
import io.switchboard.operator.PolicyFiles;
import io.switchboard.operator.routingpolicy.RouterPorts;
import io.switchboard.operator.routingpolicy.RouterWorkloads;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SidecarInjectorTest {

  private final SidecarInjector injector =
      new SidecarInjector(
          new RouterWorkloads(
              "registry.example/router:1", "IfNotPresent", new RouterPorts(15080, 15090)),
          15080,
          true);
  private final RoutingPolicy bandit =
      PolicyFiles.read(
          "routing/bandit.yaml", RoutingPolicy.class); // sidecar, app=assistant-frontend
  private final ExpertPool pool = PolicyFiles.read("pools/hybrid-pool.yaml", ExpertPool.class);

  @Test
  void matchingPodGetsNativeSidecarVolumesBaseUrlAndAnnotation() {
    var injection =
        injector.inject(
            pod(Map.of("app", "assistant-frontend"), Map.of()), List.of(bandit), List.of(pool));

    assertThat(injection.policy()).isEqualTo("assistant-bandit");
    JsonNode patch = injection.patch().orElseThrow();
    assertThat(patch.get(0).get("path").asText()).isEqualTo("/spec/initContainers");
    JsonNode sidecar = patch.get(1);
    assertThat(sidecar.get("path").asText()).isEqualTo("/spec/initContainers/0");
    assertThat(sidecar.get("value").get("name").asText()).isEqualTo(RouterWorkloads.CONTAINER_NAME);
    assertThat(sidecar.get("value").get("restartPolicy").asText()).isEqualTo("Always");
    assertThat(patch.toString())
        .contains("\"/spec/volumes/-\"", "assistant-bandit-router-config", "openai-key")
        .contains("\"OPENAI_BASE_URL\"", "http://127.0.0.1:15080/v1")
        .contains("/metadata/annotations/switchboard.io~1injected-policy");
  }

  @Test
  void nonMatchingOptedOutOrAlreadyInjectedPodsAreLeftAlone() {
    assertThat(
            injector
                .inject(pod(Map.of("app", "other"), Map.of()), List.of(bandit), List.of(pool))
                .patch())
        .isEmpty();
    assertThat(
            injector
                .inject(
                    pod(
                        Map.of("app", "assistant-frontend"),
                        Map.of("switchboard.io/inject", "false")),
                    List.of(bandit),
                    List.of(pool))
                .patch())
        .isEmpty();
    Pod injected =
        new PodBuilder(pod(Map.of("app", "assistant-frontend"), Map.of()))
            .editSpec()
            .addNewInitContainer()
            .withName(RouterWorkloads.CONTAINER_NAME)
            .endInitContainer()
            .endSpec()
            .build();
    assertThat(injector.inject(injected, List.of(bandit), List.of(pool)).patch()).isEmpty();
  }

  @Test
  void gatewayPoliciesNeverInject() {
    RoutingPolicy gateway = PolicyFiles.read("routing/weighted.yaml", RoutingPolicy.class);
    assertThat(
            injector
                .inject(
                    pod(Map.of("app", "assistant-frontend"), Map.of()),
                    List.of(gateway),
                    List.of(pool))
                .patch())
        .isEmpty();
  }

  @Test
  void missingPoolIsAWarningNotAFailure() {
    var injection =
        injector.inject(
            pod(Map.of("app", "assistant-frontend"), Map.of()), List.of(bandit), List.of());
    assertThat(injection.patch()).isEmpty();
    assertThat(injection.warnings()).singleElement().asString().contains("ExpertPool chat-experts");
  }

  @Test
  void patchAppliesCleanlyToThePod() throws Exception {
    Pod pod = pod(Map.of("app", "assistant-frontend"), Map.of());
    JsonNode patch = injector.inject(pod, List.of(bandit), List.of(pool)).patch().orElseThrow();
    ObjectMapper json = new ObjectMapper();
    JsonNode patched = JsonPatch.apply(patch, json.valueToTree(pod));
    Pod result = json.treeToValue(patched, Pod.class);
    assertThat(result.getSpec().getInitContainers())
        .extracting(c -> c.getName())
        .containsExactly(RouterWorkloads.CONTAINER_NAME);
    assertThat(result.getSpec().getContainers().get(0).getEnv())
        .extracting(e -> e.getName())
        .contains("OPENAI_BASE_URL");
    assertThat(result.getMetadata().getAnnotations())
        .containsEntry(SidecarInjector.INJECTED_ANNOTATION, "assistant-bandit");
    assertThat(result.getMetadata().getLabels())
        .containsEntry(RouterWorkloads.POLICY_LABEL, "assistant-bandit")
        .containsEntry("app", "assistant-frontend");
  }

  private static Pod pod(Map<String, String> labels, Map<String, String> annotations) {
    return new PodBuilder()
        .withNewMetadata()
        .withName("web")
        .withNamespace("ml-serving")
        .withLabels(labels)
        .withAnnotations(annotations.isEmpty() ? null : annotations)
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName("app")
        .withImage("example/web:1")
        .endContainer()
        .endSpec()
        .build();
  }
}
