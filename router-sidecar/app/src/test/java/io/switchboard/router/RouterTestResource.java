package io.switchboard.router;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Starts the mock experts and a config directory laid out like a mounted ConfigMap ({@code
 * router.json → ..data/router.json}, {@code ..data → ..<version>}), so tests swap configs exactly
 * the way the kubelet does.
 */
public class RouterTestResource implements QuarkusTestResourceLifecycleManager {
  public static MockExperts experts;
  public static Path configDir;
  private static final AtomicInteger VERSION = new AtomicInteger();

  @Override
  public Map<String, String> start() {
    try {
      experts = new MockExperts();
      configDir = Files.createTempDirectory("switchboard-router-test");
      writeConfig(TestConfigs.weighted(experts));
      Files.createSymbolicLink(configDir.resolve("router.json"), Path.of("..data/router.json"));
      return Map.of(
          "switchboard.router.config-file",
          configDir.resolve("router.json").toString(),
          "switchboard.router.reload-interval-ms",
          "100");
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Writes a new version dir and atomically swaps the {@code ..data} symlink to it. */
  public static synchronized void writeConfig(String json) {
    try {
      String version = "..v" + VERSION.incrementAndGet();
      Path dir = Files.createDirectory(configDir.resolve(version));
      Files.writeString(dir.resolve("router.json"), json, StandardCharsets.UTF_8);
      Path tmp = configDir.resolve("..data_tmp");
      Files.deleteIfExists(tmp);
      Files.createSymbolicLink(tmp, Path.of(version));
      Files.move(
          tmp,
          configDir.resolve("..data"),
          StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void stop() {
    if (experts != null) {
      experts.close();
    }
  }
}
