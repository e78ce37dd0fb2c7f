package io.switchboard.router.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RecentOutcomesTest {

  @Test
  void remembersTheLatestOutcomesByRequestId() {
    RecentOutcomes outcomes = new RecentOutcomes(1024);
    outcomes.put("req-1", new RecentOutcomes.Outcome("small", 120, 0.002, true));
    outcomes.put("req-2", new RecentOutcomes.Outcome("large", 900, 0.03, false));

    assertThat(outcomes.get("req-1"))
        .isEqualTo(new RecentOutcomes.Outcome("small", 120, 0.002, true));
    assertThat(outcomes.get("req-2"))
        .isEqualTo(new RecentOutcomes.Outcome("large", 900, 0.03, false));
    assertThat(outcomes.get("req-3")).isNull();
  }

  @Test
  void aNewerRequestMayEvictAnOlderOneButNeverAnswersForIt() {
    RecentOutcomes outcomes = new RecentOutcomes(16);
    for (int i = 0; i < 1000; i++) {
      outcomes.put("req-" + i, new RecentOutcomes.Outcome("e" + (i % 3), i, i / 1000.0, true));
    }
    int remembered = 0;
    for (int i = 0; i < 1000; i++) {
      RecentOutcomes.Outcome o = outcomes.get("req-" + i);
      if (o != null) {
        remembered++;
        assertThat(o.latencyMs()).isEqualTo(i); // never another request's outcome
      }
    }
    assertThat(remembered).isBetween(1, 32);
    assertThat(outcomes.get("req-999")).isNotNull();
  }
}
