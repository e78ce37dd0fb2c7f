package io.switchboard.router.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RetryPolicyTest {

  @Test
  void theBackoffDoublesPerRetryUpToMaxBackoffMs() {
    RetryPolicy capped = new RetryPolicy(5, 50L, 300L);
    assertThat(capped.backoffCeilingMs(0)).isEqualTo(50);
    assertThat(capped.backoffCeilingMs(1)).isEqualTo(100);
    assertThat(capped.backoffCeilingMs(2)).isEqualTo(200);
    assertThat(capped.backoffCeilingMs(3)).isEqualTo(300);
    assertThat(capped.backoffCeilingMs(4)).isEqualTo(300);
  }

  @Test
  void withoutACapTheDoublingStopsAtTenDoublings() {
    RetryPolicy uncapped = new RetryPolicy(5, 50L, null);
    assertThat(uncapped.backoffCeilingMs(3)).isEqualTo(400);
    assertThat(uncapped.backoffCeilingMs(20)).isEqualTo(50L << 10);
  }
}
