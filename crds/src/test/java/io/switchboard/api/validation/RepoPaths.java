package io.switchboard.api.validation;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the repository root from a module's tests (Surefire sets switchboard.repo.root). */
public final class RepoPaths {
  private RepoPaths() {}

  public static Path root() {
    String configured = System.getProperty("switchboard.repo.root");
    Path start = configured != null ? Path.of(configured) : Path.of("").toAbsolutePath();
    for (Path p = start.toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.isDirectory(p.resolve("crds/manifests"))
          || Files.isDirectory(p.resolve("policies"))) {
        return p;
      }
    }
    throw new IllegalStateException("repository root not found above " + start);
  }

  /** The checked-in CRD YAML of one plural name, e.g. expertpools. */
  public static Path crd(String plural) {
    return root().resolve("crds/manifests/" + plural + ".switchboard.io-v1.yml");
  }
}
