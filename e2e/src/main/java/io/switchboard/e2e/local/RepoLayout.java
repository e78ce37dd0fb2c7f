package io.switchboard.e2e.local;

import io.switchboard.dataset.DataDirectory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where a checkout keeps what the local run needs: the CRDs, the policies, the built application
 * jars and the recorded data ({@code ../shared/data}, or {@code SWITCHBOARD_DATA_DIR}).
 */
public record RepoLayout(Path root) {

  /**
   * Finds the repository root at or above {@code switchboard.repo.root} (else the working
   * directory).
   */
  public static RepoLayout locate() {
    String configured = System.getProperty("switchboard.repo.root");
    Path start =
        (configured != null && !configured.isBlank() ? Path.of(configured) : Path.of(""))
            .toAbsolutePath();
    for (Path p = start; p != null; p = p.getParent()) {
      if (Files.isDirectory(p.resolve("crds/manifests"))
          && Files.isDirectory(p.resolve("policies"))) {
        return new RepoLayout(p.normalize());
      }
    }
    throw new IllegalStateException(
        "repository root (with crds/manifests and policies/) not found above " + start);
  }

  public Path crd(String plural) {
    return root.resolve("crds/manifests/" + plural + ".switchboard.io-v1.yml");
  }

  public Path policies(String folder) {
    return root.resolve("policies").resolve(folder);
  }

  public Path operatorJar() {
    return appJar("operator");
  }

  public Path routerJar() {
    return appJar("router-sidecar/app");
  }

  public Path simulatedExpertJar() {
    return appJar("gpu-expert-pods/simulated");
  }

  public Path dataDir() {
    return DataDirectory.locate(root);
  }

  public boolean hasData(String dataset) {
    return Files.isRegularFile(dataDir().resolve(dataset + ".prompts.jsonl"))
        && Files.isRegularFile(dataDir().resolve(dataset + ".outcomes.csv"));
  }

  private Path appJar(String module) {
    Path jar = root.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          jar + " is missing: build it with ./mvnw -B -q install -DskipTests");
    }
    return jar;
  }
}
