package io.switchboard.router.core.features;

import io.switchboard.router.core.spi.Embedder;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs embedding inference off the event loop on a small fixed pool with a bounded queue. When the
 * queue is full the returned future fails at once with {@link RejectedExecutionException}: the
 * caller falls back to a strategy that needs no embedding instead of letting latency grow without
 * bound. One pool serves every encoder of a process, so the threads match the cores the inference
 * may use (intra-op threads are 1). An embedding not done within the deadline (queue wait included)
 * fails with a {@link TimeoutException} the same way: a stuck inference holds its thread, never the
 * requests waiting for it.
 */
public final class EmbeddingWorkers implements AutoCloseable {

  /**
   * Far above a queue's worth of MiniLM runs (64 × 8 ms on one thread), far below a client's
   * patience.
   */
  public static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(2);

  private final ThreadPoolExecutor pool;
  private final Duration deadline;

  public EmbeddingWorkers(int threads, int queueCapacity) {
    this(threads, queueCapacity, DEFAULT_DEADLINE);
  }

  public EmbeddingWorkers(int threads, int queueCapacity, Duration deadline) {
    if (threads < 1 || queueCapacity < 1 || deadline.isNegative() || deadline.isZero()) {
      throw new IllegalArgumentException("threads, queueCapacity and deadline must be positive");
    }
    this.pool =
        new ThreadPoolExecutor(
            threads,
            threads,
            0,
            TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(queueCapacity),
            namedDaemonThreads(),
            new ThreadPoolExecutor.AbortPolicy());
    this.deadline = deadline;
  }

  /**
   * Embeds {@code text} with {@code embedder} on the pool; fails at once when the queue is full,
   * and with a {@link TimeoutException} when the result is not there within the deadline.
   */
  public CompletableFuture<float[]> embed(Embedder embedder, String text) {
    try {
      return CompletableFuture.supplyAsync(() -> embedder.embed(text), pool)
          .orTimeout(deadline.toMillis(), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      return CompletableFuture.failedFuture(
          new RejectedExecutionException(
              "embedding queue full (" + pool.getQueue().size() + " waiting)", e));
    }
  }

  public int queued() {
    return pool.getQueue().size();
  }

  /**
   * The pool's size: threads start with the first tasks, then stay (idle ones wait on the queue).
   */
  public int threads() {
    return pool.getCorePoolSize();
  }

  @Override
  public void close() {
    pool.shutdown();
    try {
      if (!pool.awaitTermination(5, TimeUnit.SECONDS)) {
        pool.shutdownNow();
      }
    } catch (InterruptedException e) {
      pool.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  private static ThreadFactory namedDaemonThreads() {
    AtomicInteger counter = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, "switchboard-embedding-" + counter.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
