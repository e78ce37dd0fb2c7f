package io.switchboard.router.core.strategy.federated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class PrivacyAccountantTest {

  @Test
  void stopsExactlyAtTheTotalBudget() {
    PrivacyAccountant accountant =
        new PrivacyAccountant(0.1, 1.0, PrivacyAccountant.PrivacyLedger.EMPTY);
    int charged = 0;
    while (accountant.tryCharge()) {
      charged++;
      assertThat(charged).isLessThanOrEqualTo(10);
    }
    assertThat(charged).isEqualTo(10); // 10 × 0.1 fits 1.0 despite floating-point sums
    assertThat(accountant.exhausted()).isTrue();
    assertThat(accountant.spent()).isCloseTo(1.0, within(1e-9));
    assertThat(accountant.remaining()).isCloseTo(0, within(1e-9));
    assertThat(accountant.tryCharge()).isFalse();
    assertThat(accountant.ledger().rounds()).isEqualTo(10);
  }

  @Test
  void aRestoredLedgerKeepsWhatWasSpent() {
    PrivacyAccountant first =
        new PrivacyAccountant(0.3, 1.0, PrivacyAccountant.PrivacyLedger.EMPTY);
    assertThat(first.tryCharge()).isTrue();
    assertThat(first.tryCharge()).isTrue();
    PrivacyAccountant restarted = new PrivacyAccountant(0.3, 1.0, first.ledger());
    assertThat(restarted.spent()).isCloseTo(0.6, within(1e-12));
    assertThat(restarted.tryCharge()).isTrue();
    assertThat(restarted.tryCharge()).as("0.9 + 0.3 > 1.0").isFalse();
    assertThat(restarted.ledger().rounds()).isEqualTo(3);
  }
}
