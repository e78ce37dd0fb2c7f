package io.switchboard.simulated.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class FaultInjectorTest {

  private final AtomicLong clock = new AtomicLong();
  private final AtomicInteger crashes = new AtomicInteger();

  private FaultInjector injector(Faults faults, boolean crashAllowed) {
    return new FaultInjector(faults, crashAllowed, 7, clock::get, crashes::incrementAndGet);
  }

  @Test
  void errorRateHitsAboutThatShare() {
    FaultInjector injector = injector(new Faults(0.25, 0, false, 0, 0, false), false);
    int failures = 0;
    for (int i = 0; i < 10_000; i++) {
      failures += injector.shouldFail() ? 1 : 0;
    }
    assertThat(failures).isBetween(2300, 2700);
    assertThat(injector.shouldDisconnect()).isFalse();
  }

  @Test
  void slowStartMakesHealthFailForThatLong() {
    FaultInjector injector = injector(new Faults(0, 0, false, 0, 3, false), false);
    assertThat(injector.healthy()).isFalse();
    clock.set(2_999_999_999L);
    assertThat(injector.healthy()).isFalse();
    clock.set(3_000_000_000L);
    assertThat(injector.healthy()).isTrue();
    injector.replace(new Faults(0, 0, false, 0, 1, false));
    assertThat(injector.healthy()).isFalse();
  }

  @Test
  void crashOnlyWhenAllowed() {
    assertThatThrownBy(() -> injector(new Faults(0, 0, false, 0, 0, true), false))
        .hasMessageContaining("crash is disabled");
    FaultInjector allowed = injector(Faults.NONE, true);
    allowed.crashIfArmed();
    assertThat(crashes).hasValue(0);
    allowed.replace(new Faults(0, 0, false, 0, 0, true));
    allowed.crashIfArmed();
    assertThat(crashes).hasValue(1);
  }

  @Test
  void invalidValuesAreAllReported() {
    FaultInjector injector = injector(Faults.NONE, false);
    assertThatThrownBy(() -> injector.replace(new Faults(1.5, -1, false, -0.1, 0, false)))
        .hasMessageContaining("errorRate")
        .hasMessageContaining("disconnectRate")
        .hasMessageContaining("addedLatencyMs");
    assertThat(injector.current()).isEqualTo(Faults.NONE);
  }
}
