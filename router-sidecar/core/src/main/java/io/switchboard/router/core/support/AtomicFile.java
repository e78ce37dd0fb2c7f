package io.switchboard.router.core.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes a file atomically: a sibling temp file, then a move, so neither a crash nor a concurrent
 * reader ever sees a torn file. A failed write leaves the old file as it was and no temp file
 * behind.
 */
public final class AtomicFile {

  /** Writes the file's content. */
  @FunctionalInterface
  public interface Content {
    void writeTo(OutputStream out) throws IOException;
  }

  private AtomicFile() {}

  public static void write(Path file, Content content) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    Path temp = Files.createTempFile(parent, file.getFileName().toString(), ".tmp");
    try {
      try (OutputStream out = Files.newOutputStream(temp)) {
        content.writeTo(out);
      }
      Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /** {@code value} as JSON (learned state files). */
  public static void writeJson(Path file, ObjectMapper json, Object value) throws IOException {
    write(file, out -> json.writeValue(out, value));
  }
}
