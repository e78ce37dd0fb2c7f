package io.switchboard.templates;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Volume;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The rules of the restricted Pod Security Standard (baseline included) that a pod spec decides,
 * plus Switchboard's own read-only root filesystem; answers every violation found. Shared by the
 * tests of every pod Switchboard renders (routers in the operator, experts here), so all are held
 * to one reading of the standard.
 */
public final class RestrictedPodSecurity {

  private static final Set<String> ALLOWED_VOLUMES =
      Set.of(
          "configMap",
          "csi",
          "downwardAPI",
          "emptyDir",
          "ephemeral",
          "persistentVolumeClaim",
          "projected",
          "secret");

  private RestrictedPodSecurity() {}

  /** Every violation in the pod spec, empty when a {@code restricted} namespace admits it. */
  public static List<String> violations(PodSpec pod) {
    List<String> found = new ArrayList<>();
    PodSecurityContext podContext = pod.getSecurityContext();
    if (Boolean.TRUE.equals(pod.getHostNetwork())
        || Boolean.TRUE.equals(pod.getHostPID())
        || Boolean.TRUE.equals(pod.getHostIPC())) {
      found.add("host namespaces");
    }
    for (Volume volume : pod.getVolumes() == null ? List.<Volume>of() : pod.getVolumes()) {
      String type = typeOf(volume);
      if (!ALLOWED_VOLUMES.contains(type)) {
        found.add("volume " + volume.getName() + " of type " + type);
      }
    }
    boolean podNonRoot = podContext != null && Boolean.TRUE.equals(podContext.getRunAsNonRoot());
    boolean podSeccomp = podContext != null && seccompOk(podContext.getSeccompProfile());
    if (podContext != null && podContext.getSeccompProfile() != null && !podSeccomp) {
      found.add("pod seccompProfile " + podContext.getSeccompProfile().getType());
    }
    if (podContext != null && Long.valueOf(0).equals(podContext.getRunAsUser())) {
      found.add("pod runAsUser 0");
    }
    for (Container c : containers(pod)) {
      SecurityContext sc = c.getSecurityContext();
      String at = "container " + c.getName() + ": ";
      if (sc == null) {
        found.add(at + "no securityContext");
        continue;
      }
      if (Boolean.TRUE.equals(sc.getPrivileged())) {
        found.add(at + "privileged");
      }
      if (!Boolean.FALSE.equals(sc.getAllowPrivilegeEscalation())) {
        found.add(at + "allowPrivilegeEscalation not false");
      }
      if (!(Boolean.TRUE.equals(sc.getRunAsNonRoot())
          || (podNonRoot && !Boolean.FALSE.equals(sc.getRunAsNonRoot())))) {
        found.add(at + "runAsNonRoot not true");
      }
      if (Long.valueOf(0).equals(sc.getRunAsUser())) {
        found.add(at + "runAsUser 0");
      }
      if (sc.getSeccompProfile() == null ? !podSeccomp : !seccompOk(sc.getSeccompProfile())) {
        found.add(at + "seccompProfile not RuntimeDefault or Localhost");
      }
      if (sc.getCapabilities() == null
          || sc.getCapabilities().getDrop() == null
          || !sc.getCapabilities().getDrop().contains("ALL")) {
        found.add(at + "capabilities do not drop ALL");
      } else if (sc.getCapabilities().getAdd() != null
          && sc.getCapabilities().getAdd().stream().anyMatch(a -> !a.equals("NET_BIND_SERVICE"))) {
        found.add(at + "capabilities add " + sc.getCapabilities().getAdd());
      }
      if (!Boolean.TRUE.equals(sc.getReadOnlyRootFilesystem())) {
        found.add(at + "root filesystem writable");
      }
    }
    return found;
  }

  private static boolean seccompOk(io.fabric8.kubernetes.api.model.SeccompProfile profile) {
    return profile != null
        && ("RuntimeDefault".equals(profile.getType()) || "Localhost".equals(profile.getType()));
  }

  private static String typeOf(Volume v) {
    if (v.getHostPath() != null) return "hostPath";
    if (v.getConfigMap() != null) return "configMap";
    if (v.getSecret() != null) return "secret";
    if (v.getEmptyDir() != null) return "emptyDir";
    if (v.getProjected() != null) return "projected";
    if (v.getDownwardAPI() != null) return "downwardAPI";
    if (v.getPersistentVolumeClaim() != null) return "persistentVolumeClaim";
    if (v.getCsi() != null) return "csi";
    if (v.getEphemeral() != null) return "ephemeral";
    return "other";
  }

  private static List<Container> containers(PodSpec pod) {
    return Stream.of(pod.getInitContainers(), pod.getContainers())
        .filter(l -> l != null)
        .flatMap(List::stream)
        .toList();
  }
}
