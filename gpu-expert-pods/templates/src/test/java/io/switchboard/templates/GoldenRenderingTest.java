package io.switchboard.templates;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Renders every workload of {@link Workloads} to YAML and compares it with {@code
 * src/test/resources/golden/NAME.yaml}. Run with {@code -Dswitchboard.updateGolden=true} to rewrite
 * the files after an intended change, then review the diff.
 */
class GoldenRenderingTest {

  private static final Path GOLDEN = Path.of("src/test/resources/golden");
  private static final boolean UPDATE = Boolean.getBoolean("switchboard.updateGolden");

  private final ExpertTemplates templates = new ExpertTemplates();

  static String yaml(RenderedExpert expert) {
    return expert.objects().stream().map(GoldenRenderingTest::asYaml).collect(Collectors.joining());
  }

  private static String asYaml(HasMetadata object) {
    return Serialization.asYaml(object);
  }

  @TestFactory
  Stream<DynamicTest> renderingsMatchGoldenFiles() {
    return new TreeMap<>(Workloads.all())
        .entrySet().stream()
            .map(entry -> DynamicTest.dynamicTest(entry.getKey(), () -> check(entry)));
  }

  private void check(Map.Entry<String, ExpertWorkload> entry) throws IOException {
    String rendered = yaml(templates.render(entry.getValue()));
    Path file = GOLDEN.resolve(entry.getKey() + ".yaml");
    if (UPDATE) {
      Files.createDirectories(GOLDEN);
      Files.writeString(file, rendered, StandardCharsets.UTF_8);
    }
    assertThat(file)
        .as("golden file %s (run with -Dswitchboard.updateGolden=true to create it)", file)
        .exists();
    assertThat(rendered).isEqualTo(Files.readString(file, StandardCharsets.UTF_8));
  }
}
