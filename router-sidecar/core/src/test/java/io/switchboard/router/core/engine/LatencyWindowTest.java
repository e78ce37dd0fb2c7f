package io.switchboard.router.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LatencyWindowTest {
  private final AtomicLong now = new AtomicLong(0);
  private final LatencyWindow window = new LatencyWindow(60, now::get);

  private void advanceSeconds(long s) {
    now.addAndGet(s * 1_000_000_000L);
  }

  @Test
  void noP95UntilEnoughCalls() {
    for (int i = 0; i < LatencyWindow.MIN_SAMPLES - 1; i++) {
      window.record(100);
    }
    advanceSeconds(1);
    assertThat(window.p95Ms()).isNaN();
    window.record(100);
    advanceSeconds(1);
    assertThat(window.p95Ms()).isCloseTo(100, within(1.0));
  }

  @Test
  void theP95FollowsTheSlowTailNotTheMean() {
    // 90 fast calls and 10 slow ones: the mean is 190 ms, the p95 is the slow tail.
    for (int i = 0; i < 90; i++) {
      window.record(100);
    }
    for (int i = 0; i < 10; i++) {
      window.record(1000);
    }
    advanceSeconds(1);
    assertThat(window.p95Ms()).isCloseTo(1000, within(10.0));
  }

  @Test
  void oldCallsAgeOutAfterTwoWindows() {
    for (int i = 0; i < 50; i++) {
      window.record(2000);
    }
    advanceSeconds(1);
    assertThat(window.p95Ms()).isCloseTo(2000, within(20.0));
    // One window later the slow calls are the previous window: still counted.
    advanceSeconds(60);
    for (int i = 0; i < 50; i++) {
      window.record(100);
    }
    assertThat(window.p95Ms()).isCloseTo(2000, within(20.0));
    // Another window later only the fast calls remain.
    advanceSeconds(60);
    assertThat(window.p95Ms()).isCloseTo(100, within(1.0));
    // And with no calls at all for two windows there is nothing to judge.
    advanceSeconds(121);
    assertThat(window.p95Ms()).isNaN();
  }

  @Test
  void readsWithinTheRefreshIntervalAreCached() {
    for (int i = 0; i < 30; i++) {
      window.record(100);
    }
    advanceSeconds(1);
    assertThat(window.p95Ms()).isCloseTo(100, within(1.0));
    for (int i = 0; i < 300; i++) {
      window.record(5000);
    }
    assertThat(window.p95Ms()).isCloseTo(100, within(1.0));
    advanceSeconds(1);
    assertThat(window.p95Ms()).isCloseTo(5000, within(50.0));
  }
}
