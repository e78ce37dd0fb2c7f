package io.switchboard.simulated.engine;

import io.vertx.core.Vertx;

/** {@link Timers} on Vert.x: millisecond timers on the event loop, no thread ever sleeps. */
public final class VertxTimers implements Timers {

  private final Vertx vertx;

  public VertxTimers(Vertx vertx) {
    this.vertx = vertx;
  }

  @Override
  public long nowNanos() {
    return System.nanoTime();
  }

  @Override
  public void schedule(long delayNanos, Runnable task) {
    long millis = Math.round(delayNanos / 1_000_000.0);
    if (millis < 1) {
      vertx.runOnContext(ignored -> task.run());
    } else {
      vertx.setTimer(millis, ignored -> task.run());
    }
  }
}
