package io.switchboard.simulated.engine;

import java.util.PriorityQueue;

/**
 * Discrete-event clock for tests: {@link #runUntilIdle()} jumps from timer to timer without
 * waiting.
 */
final class VirtualTimers implements Timers {

  private record Task(long at, long sequence, Runnable task) {}

  private final PriorityQueue<Task> tasks =
      new PriorityQueue<>(
          (a, b) -> a.at != b.at ? Long.compare(a.at, b.at) : Long.compare(a.sequence, b.sequence));
  private long now;
  private long sequence;

  @Override
  public long nowNanos() {
    return now;
  }

  @Override
  public void schedule(long delayNanos, Runnable task) {
    tasks.add(new Task(now + Math.max(0, delayNanos), sequence++, task));
  }

  void runUntilIdle() {
    int guard = 0;
    while (!tasks.isEmpty()) {
      if (++guard > 10_000_000) {
        throw new IllegalStateException("timers never go idle");
      }
      Task next = tasks.poll();
      now = next.at;
      next.task.run();
    }
  }

  void runUntil(long nanos) {
    while (!tasks.isEmpty() && tasks.peek().at <= nanos) {
      Task next = tasks.poll();
      now = next.at;
      next.task.run();
    }
    now = Math.max(now, nanos);
  }
}
