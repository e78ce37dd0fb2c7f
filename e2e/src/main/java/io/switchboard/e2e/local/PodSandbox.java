package io.switchboard.e2e.local;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a container runtime would give one pod, rebuilt on the host: loopback ports in place of
 * container ports, directories in place of volumes, and the container's environment with
 * in-container paths and ports translated. There are no mount namespaces here, so absolute mount
 * paths in env values and in ConfigMap files are mapped to the volume directories (longest mount
 * path first).
 */
final class PodSandbox {

  private final String namespace;
  private final Container container;
  private final Path dir;
  private final Map<Integer, Integer> ports = new LinkedHashMap<>();
  private final Map<String, Path> mounts = new LinkedHashMap<>();
  private final Map<String, ConfigMapVolume> configMapVolumes = new HashMap<>();
  private final Map<String, ConfigMapVolume> secretVolumes = new HashMap<>();

  PodSandbox(String namespace, PodSpec spec, Path dir, LoopbackPorts freePorts) throws IOException {
    this.namespace = namespace;
    this.container = spec.getContainers().get(0);
    this.dir = dir;
    for (ContainerPort port :
        container.getPorts() == null ? List.<ContainerPort>of() : container.getPorts()) {
      ports.put(port.getContainerPort(), freePorts.next());
    }
    Map<String, Volume> volumes = new HashMap<>();
    if (spec.getVolumes() != null) {
      spec.getVolumes().forEach(v -> volumes.put(v.getName(), v));
    }
    List<VolumeMount> volumeMounts =
        container.getVolumeMounts() == null ? List.of() : container.getVolumeMounts();
    for (VolumeMount mount : volumeMounts) {
      Path local = dir.resolve("volumes").resolve(mount.getName());
      Files.createDirectories(local);
      mounts.put(mount.getMountPath(), local);
      Volume volume = volumes.get(mount.getName());
      if (volume != null && volume.getConfigMap() != null) {
        configMapVolumes.put(volume.getConfigMap().getName(), new ConfigMapVolume(local));
      }
      if (volume != null && volume.getSecret() != null) {
        // The kubelet writes Secret volumes with the same atomic writer as ConfigMaps.
        secretVolumes.put(volume.getSecret().getSecretName(), new ConfigMapVolume(local));
      }
    }
  }

  Path dir() {
    return dir;
  }

  /** Container port to loopback port. */
  Map<Integer, Integer> ports() {
    return Map.copyOf(ports);
  }

  int loopbackPort(IntOrString port) {
    if (port.getIntVal() != null) {
      return ports.getOrDefault(port.getIntVal(), port.getIntVal());
    }
    return container.getPorts().stream()
        .filter(p -> port.getStrVal().equals(p.getName()))
        .findFirst()
        .map(p -> ports.get(p.getContainerPort()))
        .orElseThrow(
            () -> new IllegalStateException("container has no port named " + port.getStrVal()));
  }

  /**
   * The readiness probe's path and loopback port; containers without an httpGet probe count ready
   * when running.
   */
  HTTPGetAction readiness() {
    if (container.getReadinessProbe() != null
        && container.getReadinessProbe().getHttpGet() != null) {
      HTTPGetAction get = container.getReadinessProbe().getHttpGet();
      return new HTTPGetAction(
          null, null, get.getPath(), new IntOrString(loopbackPort(get.getPort())), "HTTP");
    }
    return null;
  }

  /** ConfigMap names mounted into this pod, with their volume. */
  Map<String, ConfigMapVolume> configMapVolumes() {
    return configMapVolumes;
  }

  /** Secret names mounted into this pod, with their volume. */
  Map<String, ConfigMapVolume> secretVolumes() {
    return secretVolumes;
  }

  /**
   * Materialises one mounted Secret (decoded data, contents untouched); true when the files
   * changed.
   */
  boolean writeSecret(String name, Map<String, String> base64Data) throws IOException {
    ConfigMapVolume volume = secretVolumes.get(name);
    if (volume == null) {
      return false;
    }
    Map<String, String> files = new LinkedHashMap<>();
    (base64Data == null ? Map.<String, String>of() : base64Data)
        .forEach(
            (key, value) ->
                files.put(
                    key,
                    new String(
                        java.util.Base64.getDecoder().decode(value),
                        java.nio.charset.StandardCharsets.UTF_8)));
    return volume.write(files);
  }

  /** Container env with ports, mount paths and Service URLs translated, bound to 127.0.0.1. */
  Map<String, String> environment(ClusterDns dns, Map<String, String> overrides) {
    Map<String, String> env = new LinkedHashMap<>();
    for (EnvVar var : container.getEnv() == null ? List.<EnvVar>of() : container.getEnv()) {
      if (var.getValue() == null) {
        continue; // valueFrom (Secrets, field refs) is not emulated
      }
      String value = var.getValue();
      if (var.getName().endsWith("_PORT")
          && value.matches("\\d+")
          && ports.containsKey(Integer.parseInt(value))) {
        value = String.valueOf(ports.get(Integer.parseInt(value)));
      }
      env.put(var.getName(), dns.rewrite(translatePaths(value), namespace));
    }
    env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
    env.put("QUARKUS_MANAGEMENT_HOST", "127.0.0.1");
    env.putAll(overrides);
    return env;
  }

  /** Maps absolute in-container mount paths to their local directories. */
  String translatePaths(String text) {
    List<String> mountPaths = new ArrayList<>(mounts.keySet());
    mountPaths.sort(Comparator.comparingInt(String::length).reversed());
    String out = text;
    for (String mountPath : mountPaths) {
      out = out.replace(mountPath, mounts.get(mountPath).toString());
    }
    return out;
  }

  /**
   * Materialises one mounted ConfigMap (paths and Service URLs translated); true when the files
   * changed.
   */
  boolean writeConfigMap(String name, Map<String, String> data, ClusterDns dns) throws IOException {
    ConfigMapVolume volume = configMapVolumes.get(name);
    if (volume == null) {
      return false;
    }
    Map<String, String> files = new LinkedHashMap<>();
    (data == null ? Map.<String, String>of() : data)
        .forEach((key, content) -> files.put(key, dns.rewrite(translatePaths(content), namespace)));
    return volume.write(files);
  }
}
