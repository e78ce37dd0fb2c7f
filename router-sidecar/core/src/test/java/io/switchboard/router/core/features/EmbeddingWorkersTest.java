package io.switchboard.router.core.features;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.router.core.spi.Embedder;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class EmbeddingWorkersTest {

  @Test
  void failsFastWhenItsQueueIsFull() throws Exception {
    Embedder slow =
        text -> {
          try {
            Thread.sleep(200);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return new float[] {1};
        };
    try (EmbeddingWorkers workers = new EmbeddingWorkers(1, 1)) {
      assertThat(workers.threads()).isEqualTo(1);
      var running = workers.embed(slow, "1");
      var queued = workers.embed(slow, "2");
      var rejected = workers.embed(slow, "3");
      assertThat(rejected).isCompletedExceptionally();
      assertThat(rejected.handle((v, e) -> e).get()).isInstanceOf(RejectedExecutionException.class);
      assertThat(running.get(2, TimeUnit.SECONDS)).containsExactly(1f);
      assertThat(queued.get(2, TimeUnit.SECONDS)).containsExactly(1f);
    }
  }

  @Test
  void anEmbeddingPastItsDeadlineFailsWhileTheStuckInferenceKeepsItsThread() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    Embedder stuck =
        text -> {
          try {
            release.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return new float[] {2};
        };
    try (EmbeddingWorkers workers = new EmbeddingWorkers(1, 4, Duration.ofMillis(100))) {
      long started = System.nanoTime();
      var running = workers.embed(stuck, "stuck");
      var waiting = workers.embed(text -> new float[] {3}, "behind it");
      assertThat(running.handle((v, e) -> e).get(2, TimeUnit.SECONDS))
          .isInstanceOf(TimeoutException.class);
      assertThat(waiting.handle((v, e) -> e).get(2, TimeUnit.SECONDS))
          .isInstanceOf(TimeoutException.class);
      assertThat((System.nanoTime() - started) / 1e6).isLessThan(1500);
      release.countDown();
      assertThat(workers.embed(text -> new float[] {4}, "after").get(2, TimeUnit.SECONDS))
          .containsExactly(4f);
    }
  }
}
