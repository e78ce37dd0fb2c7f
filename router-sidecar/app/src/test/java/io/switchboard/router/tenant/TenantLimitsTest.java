package io.switchboard.router.tenant;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.router.config.TenantConfig;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TenantLimitsTest {
  private static final Instant MID_MONTH = Instant.parse("2026-03-15T12:00:00Z");
  private final TenantLimits limits = new TenantLimits();

  private static TenantConfig tenant(long rpm, long tpm, double cap) {
    return new TenantConfig("t", List.of("/k"), rpm, tpm, cap, null);
  }

  @Test
  void requestsPerMinuteIsABucketThatRefillsContinuously() {
    TenantConfig t = tenant(2, 0, 0);
    TenantLimits.Admission first = limits.admit("t", t, 0, MID_MONTH);
    assertThat(first.admitted()).isTrue();
    assertThat(first.headers())
        .containsEntry("x-ratelimit-limit-requests", "2")
        .containsEntry("x-ratelimit-remaining-requests", "1")
        .containsEntry("x-ratelimit-reset-requests", "30s")
        .doesNotContainKey("x-ratelimit-limit-tokens");
    assertThat(limits.admit("t", t, 1, MID_MONTH).admitted()).isTrue();
    TenantLimits.Admission refused = limits.admit("t", t, 2, MID_MONTH);
    assertThat(refused.refusal()).isEqualTo(TenantLimits.Refusal.REQUESTS);
    assertThat(refused.retryAfterSeconds()).isEqualTo(30);
    assertThat(refused.headers())
        .containsEntry("x-ratelimit-remaining-requests", "0")
        .containsEntry("x-ratelimit-reset-requests", "1m0s");
    // 30 s later one request is back, not two
    assertThat(limits.admit("t", t, 30_000_000_002L, MID_MONTH).admitted()).isTrue();
    assertThat(limits.admit("t", t, 30_000_000_003L, MID_MONTH).admitted()).isFalse();
  }

  @Test
  void tokensAreChargedAfterTheRequestAndAdmitWhileTheBalanceIsPositive() {
    TenantConfig t = tenant(0, 100, 0);
    assertThat(limits.admit("t", t, 0, MID_MONTH).admitted()).isTrue();
    limits.charge("t", 150, 0, MID_MONTH);
    TenantLimits.Admission refused = limits.admit("t", t, 1, MID_MONTH);
    assertThat(refused.refusal()).isEqualTo(TenantLimits.Refusal.TOKENS);
    // 50 tokens in debt at 100 per minute: positive again after 30 s (plus one token)
    assertThat(refused.retryAfterSeconds()).isEqualTo(31);
    assertThat(refused.headers())
        .containsEntry("x-ratelimit-limit-tokens", "100")
        .containsEntry("x-ratelimit-remaining-tokens", "0")
        .containsEntry("x-ratelimit-reset-tokens", "1m30s");
    assertThat(limits.admit("t", t, 31_000_000_000L, MID_MONTH).admitted()).isTrue();
  }

  @Test
  void theMonthlyCapRefusesUntilTheNextMonthAndThenResets() {
    TenantConfig t = tenant(0, 0, 1.0);
    limits.charge("t", 10, 0.6, MID_MONTH);
    assertThat(limits.admit("t", t, 0, MID_MONTH).admitted()).isTrue();
    limits.charge("t", 10, 0.4, MID_MONTH);
    TenantLimits.Admission refused = limits.admit("t", t, 1, MID_MONTH);
    assertThat(refused.refusal()).isEqualTo(TenantLimits.Refusal.MONTHLY_CAP);
    assertThat(refused.retryAfterSeconds())
        .isEqualTo(
            Instant.parse("2026-04-01T00:00:00Z").getEpochSecond() - MID_MONTH.getEpochSecond());
    assertThat(limits.monthUsd("t")).isEqualTo(1.0);
    assertThat(limits.admit("t", t, 2, Instant.parse("2026-04-01T00:00:01Z")).admitted()).isTrue();
    assertThat(limits.monthUsd("t")).isZero();
  }

  @Test
  void noLimitsSendsNoHeadersAndOtherTenantsAreIndependent() {
    assertThat(limits.admit("t", null, 0, MID_MONTH).headers()).isEmpty();
    TenantConfig one = tenant(1, 0, 0);
    assertThat(limits.admit("a", one, 0, MID_MONTH).admitted()).isTrue();
    assertThat(limits.admit("a", one, 1, MID_MONTH).admitted()).isFalse();
    assertThat(limits.admit("b", one, 2, MID_MONTH).admitted()).isTrue();
  }

  @Test
  void resetDurationsUseOpenAisFormat() {
    assertThat(TenantLimits.duration(20_000_000)).isEqualTo("20ms");
    assertThat(TenantLimits.duration(1_000_000_000)).isEqualTo("1s");
    assertThat(TenantLimits.duration(360_000_000_000L)).isEqualTo("6m0s");
    assertThat(TenantLimits.duration(3_723_000_000_000L)).isEqualTo("1h2m3s");
  }
}
