package io.switchboard.router.core.accounting;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UsageLedgerTest {
  @Test
  void aggregatesPerPolicyExpertAndTenant() {
    UsageLedger ledger = new UsageLedger();
    ledger.record(new UsageRecord("p", "a", "t1", 10, 5, false, 0.001));
    ledger.record(new UsageRecord("p", "a", "t1", 20, 5, true, 0.002));
    ledger.record(new UsageRecord("p", "b", "t1", 1, 1, false, 0.5));

    var entries = ledger.snapshot();
    assertThat(entries)
        .extracting(
            UsageLedger.Entry::expert,
            UsageLedger.Entry::calls,
            UsageLedger.Entry::estimatedCalls,
            UsageLedger.Entry::promptTokens,
            UsageLedger.Entry::completionTokens)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("a", 2L, 1L, 30L, 10L),
            org.assertj.core.groups.Tuple.tuple("b", 1L, 0L, 1L, 1L));
    assertThat(entries.get(0).costUsd())
        .isEqualTo(0.003, org.assertj.core.data.Offset.offset(1e-12));
    assertThat(ledger.totalCostUsd()).isEqualTo(0.503, org.assertj.core.data.Offset.offset(1e-12));
  }

  @Test
  void estimatesFourUtf8BytesPerTokenRoundedUp() {
    TokenEstimator e = new TokenEstimator();
    assertThat(e.fromText("")).isZero();
    assertThat(e.fromText("abcd")).isEqualTo(1);
    assertThat(e.fromText("abcde")).isEqualTo(2);
    assertThat(e.fromText("é")).isEqualTo(1);
    assertThat(e.fromText("😀😀")).isEqualTo(2);
  }
}
