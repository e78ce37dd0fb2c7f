package io.switchboard.router.core.strategy.federated;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.router.core.support.AtomicFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Persists a {@link FederationSnapshot} as JSON, atomically (temp file, then move). */
public final class FederationStateFile {

  private final Path file;
  private final ObjectMapper json;

  public FederationStateFile(Path file, ObjectMapper json) {
    this.file = file;
    this.json = json;
  }

  /**
   * {@code /var/lib/switchboard/bandit-p.json} → {@code
   * /var/lib/switchboard/bandit-p.federation.json}.
   */
  public static Path besideBanditState(Path banditStateFile) {
    String name = banditStateFile.getFileName().toString();
    String stem = name.endsWith(".json") ? name.substring(0, name.length() - 5) : name;
    return banditStateFile.resolveSibling(stem + ".federation.json");
  }

  public Path path() {
    return file;
  }

  public Optional<FederationSnapshot> read() {
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(json.readValue(file.toFile(), FederationSnapshot.class));
    } catch (IOException e) {
      // A budget we cannot read must not silently restart at zero.
      throw new UncheckedIOException("cannot read federation state " + file, e);
    }
  }

  public void write(FederationSnapshot snapshot) {
    try {
      AtomicFile.writeJson(file, json, snapshot);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write federation state " + file, e);
    }
  }
}
