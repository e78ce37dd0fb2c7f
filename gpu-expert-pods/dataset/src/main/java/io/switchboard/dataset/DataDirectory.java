package io.switchboard.dataset;

import java.nio.file.Path;

/**
 * Finds the shared recorded-data directory. The data is never copied into the repository: it lives
 * next to it in {@code ../shared/data}, unless the system property or environment variable {@value
 * #OVERRIDE} names another directory (the system property wins).
 */
public final class DataDirectory {

  public static final String OVERRIDE = "SWITCHBOARD_DATA_DIR";

  private DataDirectory() {}

  /** The data directory for a checkout rooted at {@code repoRoot}; the directory may not exist. */
  public static Path locate(Path repoRoot) {
    String override = System.getProperty(OVERRIDE);
    if (override == null || override.isBlank()) {
      override = System.getenv(OVERRIDE);
    }
    if (override != null && !override.isBlank()) {
      return Path.of(override).toAbsolutePath().normalize();
    }
    return repoRoot.toAbsolutePath().resolve("../shared/data").normalize();
  }
}
