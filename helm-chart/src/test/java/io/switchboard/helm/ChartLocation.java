package io.switchboard.helm;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the chart and the repository's generated CRDs are, whichever directory the tests run from.
 */
record ChartLocation(Path repoRoot) {

  static ChartLocation locate() {
    String configured = System.getProperty("switchboard.repo.root");
    Path root = configured != null && !configured.isBlank() ? Path.of(configured) : Path.of("..");
    root = root.toAbsolutePath().normalize();
    if (!Files.isDirectory(root.resolve("helm-chart/switchboard"))) {
      throw new IllegalStateException(
          "no helm-chart/switchboard under "
              + root
              + "; set -Dswitchboard.repo.root to the repository root");
    }
    return new ChartLocation(root);
  }

  Path chart() {
    return repoRoot.resolve("helm-chart/switchboard");
  }

  Path chartCrds() {
    return chart().resolve("crds");
  }

  Path generatedCrds() {
    return repoRoot.resolve("crds/manifests");
  }

  Path argoCdHealthCheck(String fileName) {
    return chart().resolve("argocd").resolve(fileName);
  }
}
