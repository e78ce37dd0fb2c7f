package io.switchboard.e2e.local;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The local stand-in for container images: which built jar runs a Deployment's pods, and with which
 * JVM options (small heaps and serial GC, since a 2-core machine runs six JVMs at once).
 */
public final class AppCatalog {

  /** A runnable application for one Deployment. */
  public record App(String kind, Path jar, List<String> jvmOptions) {}

  private final RepoLayout repo;

  public AppCatalog(RepoLayout repo) {
    this.repo = repo;
  }

  public Optional<App> appFor(Deployment deployment) {
    Map<String, String> labels = deployment.getSpec().getTemplate().getMetadata().getLabels();
    if (labels == null) {
      return Optional.empty();
    }
    if ("simulated".equals(labels.get("switchboard.io/runtime"))) {
      return Optional.of(
          new App(
              "simulated-expert",
              repo.simulatedExpertJar(),
              List.of("-Xmx192m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto")));
    }
    if ("switchboard-router".equals(labels.get("app.kubernetes.io/name"))) {
      return Optional.of(
          new App("router", repo.routerJar(), List.of("-Xmx256m", "-XX:+UseSerialGC")));
    }
    return Optional.empty();
  }
}
