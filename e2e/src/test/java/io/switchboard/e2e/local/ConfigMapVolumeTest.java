package io.switchboard.e2e.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigMapVolumeTest {

  @TempDir Path dir;

  @Test
  void writesTheKubeletLayoutAndSwapsItAtomically() throws Exception {
    ConfigMapVolume volume = new ConfigMapVolume(dir.resolve("config"));
    assertThat(volume.write(Map.of("router.json", "{\"v\":1}", "extra.txt", "x"))).isTrue();
    Path root = dir.resolve("config");
    Path firstVersion = Files.readSymbolicLink(root.resolve("..data"));
    assertThat(firstVersion.toString()).startsWith("..");
    assertThat(Files.readSymbolicLink(root.resolve("router.json")))
        .isEqualTo(Path.of("..data/router.json"));
    assertThat(Files.readString(root.resolve("router.json"))).isEqualTo("{\"v\":1}");

    assertThat(volume.write(Map.of("router.json", "{\"v\":1}", "extra.txt", "x")))
        .as("unchanged")
        .isFalse();
    assertThat(volume.write(Map.of("router.json", "{\"v\":2}"))).isTrue();

    Path secondVersion = Files.readSymbolicLink(root.resolve("..data"));
    assertThat(secondVersion).isNotEqualTo(firstVersion);
    assertThat(Files.readString(root.resolve("router.json"))).isEqualTo("{\"v\":2}");
    assertThat(root.resolve(firstVersion)).doesNotExist();
    assertThat(root.resolve("extra.txt")).doesNotExist();
    try (Stream<Path> entries = Files.list(root)) {
      assertThat(entries.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("..data", secondVersion.toString(), "router.json");
    }
  }
}
