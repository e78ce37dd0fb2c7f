package io.switchboard.router.tenant;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.router.config.TenantConfig;
import io.switchboard.router.config.TenantsConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TenantDirectoryTest {
  @TempDir Path dir;

  private TenantsConfig config(boolean required, TenantConfig... entries) {
    return new TenantsConfig(null, required, null, null, List.of(entries));
  }

  @Test
  void aRotationKeepsCurrentAndPreviousKeyValidAndNeedsNoRebuild() throws Exception {
    Path current = dir.resolve("current");
    Path previous = dir.resolve("previous");
    Files.writeString(current, "sk-one\n");
    TenantDirectory d =
        TenantDirectory.of(
            config(
                true,
                new TenantConfig(
                    "team-a",
                    List.of(current.toString(), previous.toString()),
                    10L,
                    null,
                    null,
                    null)),
            null);
    assertThat(d.tenantFor("Bearer sk-one")).isEqualTo("team-a");
    assertThat(d.tenantFor("Bearer sk-two")).isNull();
    assertThat(d.limitsOf("team-a").requestsPerMinute()).isEqualTo(10L);

    Files.writeString(previous, "sk-one");
    Files.writeString(current, "sk-two");
    assertThat(d.refresh()).isTrue();
    assertThat(d.tenantFor("Bearer sk-one")).isEqualTo("team-a");
    assertThat(d.tenantFor("bearer sk-two")).isEqualTo("team-a");
    assertThat(d.refresh()).isFalse();

    Files.delete(previous);
    assertThat(d.refresh()).isTrue();
    assertThat(d.tenantFor("Bearer sk-one")).isNull();
    assertThat(d.tenantFor("Bearer sk-two")).isEqualTo("team-a");
  }

  @Test
  void missingFilesFailClosedAndASharedKeyServesNobody() throws Exception {
    Path a = dir.resolve("a");
    Path b = dir.resolve("b");
    Files.writeString(a, "sk-same");
    Files.writeString(b, "sk-same");
    TenantDirectory d =
        TenantDirectory.of(
            config(
                true,
                new TenantConfig("a", List.of(a.toString()), null, null, null, null),
                new TenantConfig("b", List.of(b.toString()), null, null, null, null),
                new TenantConfig(
                    "c", List.of(dir.resolve("absent").toString()), null, null, null, null)),
            null);
    assertThat(d.tenantFor("Bearer sk-same")).isNull();
    assertThat(d.tenantFor(null)).isNull();
    assertThat(d.tenantFor("Bearer ")).isNull();
    assertThat(d.toString()).doesNotContain("sk-same");
  }

  @Test
  void withoutRequiredUnknownKeysRunAsAnonymousAndLegacyLinesStillWork() {
    TenantDirectory d = TenantDirectory.of(config(false), "x=sk-x\n");
    assertThat(d.tenantFor("Bearer sk-x")).isEqualTo("x");
    assertThat(d.tenantFor("Bearer nope")).isEqualTo(TenantDirectory.ANONYMOUS);
    assertThat(d.limitsOf("x")).isNull();
  }
}
