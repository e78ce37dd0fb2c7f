package io.switchboard.router.core.features;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs embedding inference off the event loop on a small fixed pool with a bounded queue.
 * When the queue is full the returned future fails at once with
 * {@link RejectedExecutionException}: the caller falls back to a strategy that needs no
 * embedding instead of letting latency grow without bound. One pool serves every encoder of a
 * process, so the threads match the cores the inference may use (intra-op threads are 1).
 */
public final class EmbeddingWorkers implements AutoCloseable {

    private final ThreadPoolExecutor pool;

    public EmbeddingWorkers(int threads, int queueCapacity) {
        if (threads < 1 || queueCapacity < 1) {
            throw new IllegalArgumentException("threads and queueCapacity must be positive");
        }
        this.pool = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(queueCapacity), namedDaemonThreads(), new ThreadPoolExecutor.AbortPolicy());
    }

    /** Embeds {@code text} with {@code embedder} on the pool, or fails at once when the queue is full. */
    public CompletableFuture<float[]> embed(io.switchboard.router.core.spi.Embedder embedder, String text) {
        try {
            return CompletableFuture.supplyAsync(() -> embedder.embed(text), pool);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(
                    new RejectedExecutionException("embedding queue full (" + pool.getQueue().size() + " waiting)", e));
        }
    }

    public int queued() {
        return pool.getQueue().size();
    }

    /** The pool's size: threads start with the first tasks, then stay (idle ones wait on the queue). */
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
