package io.switchboard.simulated.engine;

import io.switchboard.simulated.latency.LatencyModel;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Continuous batching like vLLM's scheduler, in simulated time: up to {@code maxConcurrency}
 * sequences run together (per-token time depends on how many), the rest wait in FIFO order and are
 * admitted as running sequences finish. So latency stays flat below the concurrency limit and rises
 * with queueing above it.
 *
 * <p>Decoding advances in steps of at least {@code minStepNanos} wall-clock time (several tokens
 * per timer when tokens are faster than that), so a fast time scale does not flood the event loop
 * with timers; the per-token time is re-evaluated at each step from the current batch size. All
 * timing goes through {@link Timers}; nothing blocks.
 */
public final class BatchingEngine {

  private final LatencyModel latency;
  private final int maxConcurrency;
  private final double timeScale;
  private final long minStepNanos;
  private final Timers timers;
  private final EngineObserver observer;
  private final long kvCacheTokens;

  private final ReentrantLock lock = new ReentrantLock();
  private final Deque<Generation> waiting = new ArrayDeque<>();
  private int running;
  private long kvTokensInUse;

  /**
   * @param timeScale wall-clock seconds per simulated second (0.01 = 100× faster than a real GPU)
   * @param kvCacheTokens KV-cache capacity in tokens, for {@code gpu_cache_usage_perc}
   */
  public BatchingEngine(
      LatencyModel latency,
      int maxConcurrency,
      double timeScale,
      long minStepNanos,
      long kvCacheTokens,
      Timers timers,
      EngineObserver observer) {
    if (maxConcurrency < 1) {
      throw new IllegalArgumentException("maxConcurrency must be >= 1, got " + maxConcurrency);
    }
    if (!(timeScale > 0)) {
      throw new IllegalArgumentException("time scale must be > 0, got " + timeScale);
    }
    this.latency = latency;
    this.maxConcurrency = maxConcurrency;
    this.timeScale = timeScale;
    this.minStepNanos = Math.max(1, minStepNanos);
    this.kvCacheTokens = Math.max(1, kvCacheTokens);
    this.timers = timers;
    this.observer = observer;
  }

  /**
   * Queues a generation; it starts at once if a batch slot is free.
   *
   * @param extraPrefillNanos added to the time to first token (fault injection), wall-clock
   */
  public Generation submit(
      int promptTokens, int outputTokens, long extraPrefillNanos, GenerationListener listener) {
    Generation generation =
        new Generation(
            Math.max(1, promptTokens),
            Math.max(1, outputTokens),
            Math.max(0, extraPrefillNanos),
            listener,
            timers.nowNanos());
    boolean start;
    lock.lock();
    try {
      start = running < maxConcurrency;
      if (start) {
        occupy(generation);
      } else {
        waiting.addLast(generation);
      }
    } finally {
      lock.unlock();
    }
    if (start) {
      prefill(generation, 0); // scheduled at once: no time in the waiting queue
    }
    return generation;
  }

  public int running() {
    lock.lock();
    try {
      return running;
    } finally {
      lock.unlock();
    }
  }

  public int waiting() {
    lock.lock();
    try {
      return waiting.size();
    } finally {
      lock.unlock();
    }
  }

  /** Share of the KV cache reserved by running sequences (prompt + full output), 0..1. */
  public double kvCacheUsage() {
    lock.lock();
    try {
      return Math.min(1.0, (double) kvTokensInUse / kvCacheTokens);
    } finally {
      lock.unlock();
    }
  }

  /** Running, waiting and KV-cache usage read together. */
  public EngineLoad load() {
    lock.lock();
    try {
      return new EngineLoad(
          running, waiting.size(), Math.min(1.0, (double) kvTokensInUse / kvCacheTokens));
    } finally {
      lock.unlock();
    }
  }

  public int maxConcurrency() {
    return maxConcurrency;
  }

  private void occupy(Generation generation) {
    running++;
    kvTokensInUse += generation.promptTokens + generation.outputTokens;
    generation.state = State.RUNNING;
  }

  private long wallNanos(double simulatedSeconds) {
    return Math.max(0, Math.round(simulatedSeconds * 1e9 * timeScale));
  }

  private void prefill(Generation generation, long queuedNanos) {
    observer.admitted(generation.promptTokens, queuedNanos / 1e9);
    long delay =
        wallNanos(latency.timeToFirstTokenSeconds(generation.promptTokens, running()))
            + generation.extraPrefillNanos;
    timers.schedule(delay, () -> firstToken(generation));
  }

  private void firstToken(Generation generation) {
    if (generation.cancelled()) {
      return;
    }
    observer.firstToken((timers.nowNanos() - generation.arrivedNanos) / 1e9);
    generation.emitted = 1;
    boolean last = generation.outputTokens == 1;
    if (last) {
      finish(generation);
    }
    generation.listener.onTokens(0, 1, last);
    if (!last) {
      decodeStep(generation);
    }
  }

  private void decodeStep(Generation generation) {
    long perToken = Math.max(1, wallNanos(latency.timePerOutputTokenSeconds(running())));
    int remaining = generation.outputTokens - generation.emitted;
    int count = (int) Math.min(remaining, Math.max(1, (minStepNanos + perToken - 1) / perToken));
    timers.schedule(
        perToken * count,
        () -> {
          if (generation.cancelled()) {
            return;
          }
          int from = generation.emitted;
          generation.emitted += count;
          observer.decoded(count, perToken / 1e9);
          boolean last = generation.emitted >= generation.outputTokens;
          if (last) {
            finish(generation);
          }
          generation.listener.onTokens(from, count, last);
          if (!last) {
            decodeStep(generation);
          }
        });
  }

  private void finish(Generation generation) {
    if (release(generation, State.DONE)) {
      observer.finished(generation.emitted, (timers.nowNanos() - generation.arrivedNanos) / 1e9);
    }
  }

  /**
   * Frees the generation's slot (or queue place) and starts the next waiting one; false if already
   * released.
   */
  private boolean release(Generation generation, State end) {
    Generation next = null;
    lock.lock();
    try {
      if (generation.state == State.WAITING) {
        waiting.remove(generation);
        generation.state = end;
        return true;
      }
      if (generation.state != State.RUNNING) {
        return false;
      }
      generation.state = end;
      running--;
      kvTokensInUse -= generation.promptTokens + generation.outputTokens;
      if (!waiting.isEmpty()) {
        next = waiting.pollFirst();
        occupy(next);
      }
    } finally {
      lock.unlock();
    }
    if (next != null) {
      prefill(next, timers.nowNanos() - next.arrivedNanos);
    }
    return true;
  }

  enum State {
    WAITING,
    RUNNING,
    DONE,
    CANCELLED
  }

  /** One request in the engine. */
  public final class Generation {
    private final int promptTokens;
    private final int outputTokens;
    private final long extraPrefillNanos;
    private final GenerationListener listener;
    private final long arrivedNanos;
    private volatile State state = State.WAITING;
    private int emitted;

    private Generation(
        int promptTokens,
        int outputTokens,
        long extraPrefillNanos,
        GenerationListener listener,
        long arrivedNanos) {
      this.promptTokens = promptTokens;
      this.outputTokens = outputTokens;
      this.extraPrefillNanos = extraPrefillNanos;
      this.listener = listener;
      this.arrivedNanos = arrivedNanos;
    }

    /** Stops the generation (client went away) and frees its slot at once. */
    public void cancel() {
      release(this, State.CANCELLED);
    }

    boolean cancelled() {
      return state == State.CANCELLED;
    }
  }
}
