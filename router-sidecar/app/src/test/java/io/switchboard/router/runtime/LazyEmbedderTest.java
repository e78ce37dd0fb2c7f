package io.switchboard.router.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.router.config.EncoderSpec;
import io.switchboard.router.core.features.PromptEncoder;
import io.switchboard.router.core.spi.Candidates;
import io.switchboard.router.core.spi.Decision;
import io.switchboard.router.core.spi.RoutingRequest;
import io.switchboard.router.core.spi.RoutingStrategy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The warm-up future the router's readiness waits on at start-up. No real encoder: a stand-in
 * counts the loads.
 */
class LazyEmbedderTest {

  private final AtomicInteger opened = new AtomicInteger();
  private final List<Runnable> queued = new ArrayList<>();
  private final LazyEmbedder embedder =
      new LazyEmbedder(
          spec -> {
            opened.incrementAndGet();
            return new PromptEncoder() {
              @Override
              public EncoderSpec spec() {
                return spec;
              }

              @Override
              public float[] embed(String text) {
                return new float[] {1};
              }

              @Override
              public int dimension() {
                return 1;
              }

              @Override
              public int countTokens(String text) {
                return 1;
              }

              @Override
              public void close() {}
            };
          });

  private static RoutingStrategy strategy(boolean embeds) {
    return new RoutingStrategy() {
      @Override
      public String type() {
        return "test";
      }

      @Override
      public CompletionStage<Decision> route(RoutingRequest request, Candidates candidates) {
        throw new UnsupportedOperationException();
      }

      @Override
      public boolean embedsPrompts() {
        return embeds;
      }
    };
  }

  @Test
  void aStrategyThatEmbedsIsDoneWarmingOnlyOnceItsEncoderIsLoaded() {
    var warmed = embedder.warmFor(strategy(true), EncoderSpec.DEFAULT, queued::add);
    assertThat(warmed).isNotDone();
    assertThat(opened).hasValue(0);

    queued.forEach(Runnable::run);
    assertThat(warmed).isDone();
    assertThat(opened).hasValue(1);
    // Loaded: a later activation of the same spec has nothing to wait for and loads nothing.
    assertThat(embedder.warmFor(strategy(true), EncoderSpec.DEFAULT, queued::add)).isDone();
    assertThat(embedder.forSpec(EncoderSpec.DEFAULT).embed("x")).containsExactly(1f);
    assertThat(opened).hasValue(1);
  }

  @Test
  void aStrategyThatNeverEmbedsHasNothingToWaitFor() {
    assertThat(embedder.warmFor(strategy(false), EncoderSpec.DEFAULT, queued::add)).isDone();
    assertThat(queued).isEmpty();
  }

  @Test
  void anEncoderThatFailsToLoadEndsTheWarmUpToo() {
    LazyEmbedder failing =
        new LazyEmbedder(
            spec -> {
              throw new IllegalStateException("no model");
            });
    var warmed = failing.warmFor(strategy(true), EncoderSpec.DEFAULT, queued::add);
    queued.forEach(Runnable::run);
    assertThat(warmed).isDone(); // readiness must not wait forever; requests then fall back
    assertThat(warmed.isCompletedExceptionally()).isFalse();
  }
}
