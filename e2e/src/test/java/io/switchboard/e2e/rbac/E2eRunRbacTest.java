package io.switchboard.e2e.rbac;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.e2e.local.ApiRequest;
import io.switchboard.e2e.local.LocalCluster;
import io.switchboard.e2e.local.MockApiServer;
import io.switchboard.e2e.local.RepoLayout;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rest of the e2e suite under RBAC: every request the operator made in the e2e classes that ran
 * before this one in the same test JVM (each {@link MockApiServer} leaves its record under {@value
 * MockApiServer#E2E_RUN_RECORDS}) must be allowed by the chart. Those classes run the operator as
 * {@link LocalCluster} does, everything in namespace {@code default}, all namespaces watched, the
 * generated control key Secret named {@code switchboard-router-control-key}: a cluster-wide {@code
 * helm install switchboard --namespace default}, which is what this renders. It runs last (class
 * order in junit-platform.properties); alone, with no record of this run, it is skipped.
 */
@Order(Integer.MAX_VALUE)
class E2eRunRbacTest {

  @TempDir Path work;

  @Test
  void everyRequestTheOperatorMadeInThisE2eRunIsAllowedByAClusterWideInstall() throws IOException {
    RepoLayout repo = RepoLayout.locate();
    List<ApiRequest> record = recordsOfThisRun(repo.root().resolve(MockApiServer.E2E_RUN_RECORDS));
    assumeFalse(record.isEmpty(), "no e2e class ran before this one in this JVM");
    RenderedChart chart =
        RenderedChart.render(
            repo.root().resolve("helm-chart/switchboard"),
            work,
            "switchboard",
            LocalCluster.NAMESPACE,
            Map.of());
    ChartRbac rbac = new ChartRbac(chart);
    StringBuilder report = new StringBuilder("| request | allowed by |\n|---|---|\n");
    record.forEach(
        r ->
            report
                .append("| ")
                .append(r)
                .append(" | ")
                .append(rbac.allowing(r).map(Object::toString).orElse("**DENIED**"))
                .append(" |\n"));
    Files.writeString(repo.root().resolve("e2e/target/rbac/e2e-run-report.md"), report);

    assertThat(rbac.denied(record))
        .as("requests of the e2e run the chart does not allow (e2e/target/rbac/e2e-run-report.md)")
        .isEmpty();
  }

  /** The distinct requests of the record files written since this JVM started. */
  static List<ApiRequest> recordsOfThisRun(Path folder) throws IOException {
    if (!Files.isDirectory(folder)) {
      return List.of();
    }
    long started = ManagementFactory.getRuntimeMXBean().getStartTime();
    ObjectMapper json = new ObjectMapper();
    TreeSet<ApiRequest> requests = new TreeSet<>(ApiRequest.ORDER);
    try (Stream<Path> files = Files.list(folder)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".jsonl")).toList()) {
        if (Files.getLastModifiedTime(file).toMillis() < started) {
          continue;
        }
        for (String line : Files.readAllLines(file)) {
          if (!line.isBlank()) {
            requests.add(json.readValue(line, ApiRequest.class));
          }
        }
      }
    }
    return List.copyOf(requests);
  }
}
