package io.switchboard.templates;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every runtime's rendered pod (vLLM dense, MoE and quantised, SGLang, TGI, the simulated expert,
 * weights preloader included) is admitted by a namespace labelled for the {@code restricted} Pod
 * Security Standard, and what the engines write has a writable volume under the read-only root.
 */
class ExpertPodSecurityTest {

  private final ExpertTemplates templates = new ExpertTemplates();

  private PodSpec pod(ExpertWorkload workload) {
    return ((RenderedExpert.SelfHosted) templates.render(workload))
        .deployment()
        .getSpec()
        .getTemplate()
        .getSpec();
  }

  @TestFactory
  Stream<DynamicTest> everyRuntimesPodIsRestricted() {
    return new TreeMap<>(Workloads.all())
        .entrySet().stream()
            .map(
                e ->
                    DynamicTest.dynamicTest(
                        e.getKey(),
                        () ->
                            assertThat(RestrictedPodSecurity.violations(pod(e.getValue())))
                                .isEmpty()));
  }

  @TestFactory
  Stream<DynamicTest> whatTheEnginesWriteIsOnAnEmptyDir() {
    return new TreeMap<>(Workloads.all())
        .entrySet().stream()
            .map(
                e ->
                    DynamicTest.dynamicTest(
                        e.getKey(), () -> writablePathsAreEmptyDirs(e.getValue())));
  }

  private void writablePathsAreEmptyDirs(ExpertWorkload workload) {
    PodSpec pod = pod(workload);
    Map<String, Volume> volumes = new TreeMap<>();
    pod.getVolumes().forEach(v -> volumes.put(v.getName(), v));
    for (Container c :
        Stream.concat(
                pod.getInitContainers() == null ? Stream.empty() : pod.getInitContainers().stream(),
                pod.getContainers().stream())
            .toList()) {
      assertThat(mountAt(c, "/tmp"))
          .as("%s: /tmp", c.getName())
          .satisfies(m -> assertThat(volumes.get(m.getName()).getEmptyDir()).isNotNull());
      if (workload.runtime() != Runtime.SIMULATED) {
        String home =
            c.getEnv().stream()
                .filter(v -> v.getName().equals("HOME"))
                .map(EnvVar::getValue)
                .findFirst()
                .orElseThrow(() -> new AssertionError(c.getName() + ": no HOME"));
        assertThat(mountAt(c, home))
            .as("%s: HOME %s", c.getName(), home)
            .satisfies(m -> assertThat(volumes.get(m.getName()).getEmptyDir()).isNotNull());
        assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(ExpertTemplates.ENGINE_UID);
        assertThat(pod.getSecurityContext().getFsGroup()).isEqualTo(ExpertTemplates.ENGINE_UID);
      }
    }
  }

  private static VolumeMount mountAt(Container c, String path) {
    return c.getVolumeMounts().stream()
        .filter(m -> m.getMountPath().equals(path))
        .findFirst()
        .orElseThrow(() -> new AssertionError(c.getName() + ": nothing mounted at " + path));
  }
}
