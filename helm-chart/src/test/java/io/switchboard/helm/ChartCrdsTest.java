package io.switchboard.helm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The chart installs the CRDs generated from the Java model, byte for byte. When this fails, run
 * {@code cp crds/manifests/*.yml helm-chart/switchboard/crds/} from the repository root.
 */
class ChartCrdsTest {

  private final ChartLocation location = ChartLocation.locate();

  @Test
  void chartShipsExactlyTheGeneratedCrds() throws IOException {
    List<String> generated = fileNames(location.generatedCrds());
    assertThat(generated).as("generated CRDs").hasSize(3);
    assertThat(fileNames(location.chartCrds())).as("chart CRDs").isEqualTo(generated);
    for (String name : generated) {
      byte[] expected = Files.readAllBytes(location.generatedCrds().resolve(name));
      byte[] actual = Files.readAllBytes(location.chartCrds().resolve(name));
      assertThat(actual)
          .as("helm-chart/switchboard/crds/%s differs from crds/manifests/%s: "
              + "run `cp crds/manifests/*.yml helm-chart/switchboard/crds/`", name, name)
          .isEqualTo(expected);
    }
  }

  private static List<String> fileNames(Path directory) throws IOException {
    try (Stream<Path> files = Files.list(directory)) {
      return files.map(file -> file.getFileName().toString()).filter(name -> name.endsWith(".yml")
          || name.endsWith(".yaml")).sorted().toList();
    }
  }
}
