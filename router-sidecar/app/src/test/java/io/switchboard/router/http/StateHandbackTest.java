package io.switchboard.router.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.router.tenant.TenantLimits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The router's side of the durable state without HTTP: a restarted container (same state volume) is
 * the same replica with its spend and hand-offs, a new pod (empty volume) is a new one, and a
 * hand-off is adopted once.
 */
class StateHandbackTest {
  private static final Instant NOW = Instant.parse("2026-03-15T12:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  private final ObjectMapper json = new ObjectMapper();

  @TempDir Path volume;

  private StateHandback process(TenantLimits limits, Path dir, boolean await) {
    return new StateHandback(
        () -> null,
        Optional::empty,
        limits,
        await,
        dir == null ? null : dir.resolve(StateHandback.FILE_NAME),
        CLOCK);
  }

  private ObjectNode handoff(String id, String month, double usd) {
    ObjectNode body = json.createObjectNode().put("id", id).put("month", month);
    body.putObject("tenantMonthUsd").put("acme", usd);
    return body;
  }

  @Test
  void aRestartedContainerIsTheSameReplicaWithItsSpendAndHandOffs() {
    TenantLimits limits = new TenantLimits();
    StateHandback first = process(limits, volume, true);
    limits.charge("acme", 10, 2.0, NOW);
    assertThat(first.apply(handoff("gone-1", "2026-03", 1.0))).isEmpty();
    JsonNode report = first.report();
    assertThat(report.path("tenantMonthUsd").path("acme").asDouble()).isCloseTo(3.0, within(1e-12));

    TenantLimits afterRestart = new TenantLimits();
    StateHandback second = process(afterRestart, volume, true);
    assertThat(second.loaded()).as("a restarted container awaits the ledger again").isFalse();
    JsonNode again = second.report();
    assertThat(again.path("instance").asText()).isEqualTo(report.path("instance").asText());
    assertThat(afterRestart.monthUsd("acme")).isCloseTo(3.0, within(1e-12));
    assertThat(second.apply(handoff("gone-1", "2026-03", 1.0))).isEmpty();
    assertThat(afterRestart.monthUsd("acme"))
        .as("the hand-off applied before the restart is not applied again")
        .isCloseTo(3.0, within(1e-12));
    assertThat(second.loaded()).isTrue();
  }

  @Test
  void aNewPodIsANewReplicaAndAdoptsAHandOffOnceOnlyForTheCurrentMonth() throws Exception {
    TenantLimits limits = new TenantLimits();
    StateHandback old = process(new TenantLimits(), volume, false);
    Path fresh = Files.createDirectory(volume.resolve("new-pod"));
    StateHandback replacement = process(limits, fresh, false);
    assertThat(replacement.report().path("instance").asText())
        .isNotEqualTo(old.report().path("instance").asText());

    assertThat(replacement.apply(handoff("old", "2026-03", 4.0))).isEmpty();
    assertThat(replacement.apply(handoff("old", "2026-03", 4.0))).isEmpty();
    assertThat(replacement.apply(handoff("older", "2026-02", 9.0))).isEmpty();
    assertThat(limits.monthUsd("acme"))
        .as("adopted once; last month's spend does not count")
        .isCloseTo(4.0, within(1e-12));
    assertThat(replacement.report().path("appliedHandoffs").toString())
        .contains("old")
        .contains("older");
  }

  @Test
  void aMalformedLedgerIsRefusedAndChangesNothing() {
    StateHandback process = process(new TenantLimits(), null, true);
    ObjectNode body = json.createObjectNode();
    body.putObject("privacy").put("spentEpsilon", -1).put("rounds", 1);
    assertThat(process.apply(body)).isPresent();
    assertThat(process.loaded()).isFalse();
    assertThat(process.apply(json.createObjectNode().put("learning", "x"))).isPresent();
    assertThat(process.loaded()).isFalse();
  }
}
