package io.switchboard.helm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
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
      assertThat(Arrays.equals(actual, expected))
          .as(
              "helm-chart/switchboard/crds/%s differs from crds/manifests/%s (%s): "
                  + "run `cp crds/manifests/*.yml helm-chart/switchboard/crds/`",
              name, name, firstDifference(actual, expected))
          .isTrue();
    }
  }

  /** Where two files first differ, for a readable failure instead of two byte arrays. */
  private static String firstDifference(byte[] chart, byte[] generated) {
    List<String> chartLines = new String(chart, StandardCharsets.UTF_8).lines().toList();
    List<String> generatedLines = new String(generated, StandardCharsets.UTF_8).lines().toList();
    for (int i = 0; i < Math.max(chartLines.size(), generatedLines.size()); i++) {
      String inChart = i < chartLines.size() ? chartLines.get(i) : "<end of file>";
      String inGenerated = i < generatedLines.size() ? generatedLines.get(i) : "<end of file>";
      if (!inChart.equals(inGenerated)) {
        return "line "
            + (i + 1)
            + ": chart has '"
            + inChart.strip()
            + "', generated has '"
            + inGenerated.strip()
            + "'";
      }
    }
    return "same lines, different line endings or trailing newline";
  }

  private static List<String> fileNames(Path directory) throws IOException {
    try (Stream<Path> files = Files.list(directory)) {
      return files
          .map(file -> file.getFileName().toString())
          .filter(name -> name.endsWith(".yml") || name.endsWith(".yaml"))
          .sorted()
          .toList();
    }
  }
}
