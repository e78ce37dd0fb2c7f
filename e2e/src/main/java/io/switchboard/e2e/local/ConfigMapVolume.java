package io.switchboard.e2e.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * A ConfigMap volume laid out as the kubelet's atomic writer does: the files live in a timestamped
 * directory {@code ..2026_11_25_12_00_00.123}, {@code ..data} is a symlink to it, and every key is
 * a symlink {@code KEY -> ..data/KEY}. An update writes a new timestamped directory and renames a
 * fresh {@code ..data} symlink over the old one in one {@code rename(2)}, so a reader sees the old
 * or the new content, never a mix.
 */
final class ConfigMapVolume {

  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy_MM_dd_HH_mm_ss");
  private static final AtomicLong SEQUENCE = new AtomicLong();

  private final Path dir;
  private Map<String, String> current;

  ConfigMapVolume(Path dir) {
    this.dir = dir;
  }

  Path dir() {
    return dir;
  }

  /** Writes {@code files} (key to content); does nothing when they equal what is already there. */
  synchronized boolean write(Map<String, String> files) throws IOException {
    if (Objects.equals(files, current)) {
      return false;
    }
    Files.createDirectories(dir);
    String version = ".." + LocalDateTime.now().format(STAMP) + "." + SEQUENCE.incrementAndGet();
    Path versionDir = dir.resolve(version);
    Files.createDirectory(versionDir);
    for (Map.Entry<String, String> file : files.entrySet()) {
      Files.writeString(versionDir.resolve(file.getKey()), file.getValue(), StandardCharsets.UTF_8);
    }
    Path data = dir.resolve("..data");
    Path previous = Files.isSymbolicLink(data) ? dir.resolve(Files.readSymbolicLink(data)) : null;
    Path tmp = dir.resolve("..data_tmp");
    Files.deleteIfExists(tmp);
    Files.createSymbolicLink(tmp, Path.of(version));
    Files.move(tmp, data, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    for (String key : files.keySet()) {
      Path link = dir.resolve(key);
      if (!Files.isSymbolicLink(link)) {
        Files.createSymbolicLink(link, Path.of("..data", key));
      }
    }
    if (current != null) {
      for (String removed : current.keySet()) {
        if (!files.containsKey(removed)) {
          Files.deleteIfExists(dir.resolve(removed));
        }
      }
    }
    if (previous != null && !previous.equals(versionDir)) {
      deleteTree(previous);
    }
    current = Map.copyOf(files);
    return true;
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  /** Lists the entries for tests and debugging. */
  String describe() throws IOException {
    StringBuilder out = new StringBuilder();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      for (Path entry : entries) {
        out.append(entry.getFileName());
        if (Files.isSymbolicLink(entry)) {
          out.append(" -> ").append(Files.readSymbolicLink(entry));
        }
        out.append('\n');
      }
    }
    return out.toString();
  }
}
