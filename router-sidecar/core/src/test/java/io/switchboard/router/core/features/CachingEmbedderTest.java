package io.switchboard.router.core.features;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CachingEmbedderTest {

  private final AtomicInteger calls = new AtomicInteger();
  private final SentenceEmbedder counting =
      new SentenceEmbedder() {
        @Override
        public int dimension() {
          return 1;
        }

        @Override
        public float[] embed(String text) {
          calls.incrementAndGet();
          return new float[] {text.length()};
        }
      };

  @Test
  void hitsServeFromCacheAndLeastRecentlyUsedIsEvicted() {
    CachingEmbedder cache = new CachingEmbedder(counting, 2);
    cache.embed("a");
    cache.embed("bb");
    cache.embed("a"); // hit; "bb" is now least recently used
    cache.embed("ccc"); // evicts "bb"
    cache.embed("a"); // hit
    cache.embed("bb"); // miss again
    assertThat(calls).hasValue(4);
    assertThat(cache.hits()).isEqualTo(2);
    assertThat(cache.misses()).isEqualTo(4);
    assertThat(cache.size()).isEqualTo(2);
  }
}
