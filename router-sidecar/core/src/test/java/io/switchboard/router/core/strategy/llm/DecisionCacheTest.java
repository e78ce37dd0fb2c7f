package io.switchboard.router.core.strategy.llm;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class DecisionCacheTest {

  private final MutableClock clock = new MutableClock();

  @Test
  void exactThenSemanticAboveThresholdOnly() {
    DecisionCache cache = new DecisionCache(10, 60, 0.9, clock);
    cache.put("what is 2+2", new float[] {1, 0, 0}, "small");
    assertThat(cache.exact("what is 2+2"))
        .hasValueSatisfying(hit -> assertThat(hit.kind()).isEqualTo(DecisionCache.HitKind.EXACT));
    assertThat(cache.exact("what is 3+3")).isEmpty();
    // cos((1,0,0), (0.95, 0.31, 0)) ≈ 0.95 ≥ 0.9: semantic hit
    assertThat(cache.similar(new float[] {0.95f, 0.31f, 0}))
        .hasValueSatisfying(
            hit -> {
              assertThat(hit.expert()).isEqualTo("small");
              assertThat(hit.kind()).isEqualTo(DecisionCache.HitKind.SEMANTIC);
            });
    // cos ≈ 0.71 < 0.9: miss
    assertThat(cache.similar(new float[] {1, 1, 0})).isEmpty();
    assertThat(cache.stats()).isEqualTo(new DecisionCache.Stats(1, 1, 1, 1));
  }

  @Test
  void entriesExpireAfterTheirTtl() {
    DecisionCache cache = new DecisionCache(10, 60, 0.9, clock);
    cache.put("q", new float[] {1, 0}, "small");
    clock.advance(Duration.ofSeconds(59));
    assertThat(cache.exact("q")).isPresent();
    clock.advance(Duration.ofSeconds(2));
    assertThat(cache.exact("q")).isEmpty();
    assertThat(cache.similar(new float[] {1, 0})).isEmpty();
    assertThat(cache.stats().size()).isZero();
  }

  @Test
  void leastRecentlyUsedIsEvictedAndZeroCapacityDisables() {
    DecisionCache cache = new DecisionCache(2, 60, 1.0, clock);
    cache.put("a", null, "x");
    cache.put("b", null, "y");
    cache.exact("a");
    cache.put("c", null, "z");
    assertThat(cache.exact("b")).isEmpty();
    assertThat(cache.exact("a")).isPresent();
    assertThat(cache.semantic()).isFalse();

    DecisionCache disabled = new DecisionCache(0, 60, 0.9, clock);
    disabled.put("a", new float[] {1}, "x");
    assertThat(disabled.exact("a")).isEmpty();
    assertThat(disabled.enabled()).isFalse();
  }

  static final class MutableClock extends Clock {
    private Instant now = Instant.parse("2026-01-01T00:00:00Z");

    void advance(Duration duration) {
      now = now.plus(duration);
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
