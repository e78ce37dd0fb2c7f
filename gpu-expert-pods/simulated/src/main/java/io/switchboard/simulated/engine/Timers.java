package io.switchboard.simulated.engine;

/**
 * Clock and one-shot timers; Vert.x timers in the server, a virtual clock in tests. Tasks must not
 * block.
 */
public interface Timers {

  long nowNanos();

  void schedule(long delayNanos, Runnable task);
}
