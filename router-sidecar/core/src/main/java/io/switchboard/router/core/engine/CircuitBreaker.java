package io.switchboard.router.core.engine;

import io.switchboard.router.core.spi.CircuitState;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Consecutive-failure circuit breaker, also serving as passive health check (outlier ejection):
 * after {@code threshold} failures in a row the circuit opens for {@code openNanos}; afterwards
 * exactly one trial request is admitted (half-open), whose success closes and whose failure
 * re-opens the circuit. Lock-free.
 */
public final class CircuitBreaker {
  private final int threshold;
  private final long openNanos;
  private final LongSupplier nanoTime;
  private final AtomicInteger consecutiveFailures = new AtomicInteger();

  /** 0 when closed; otherwise the nanoTime at which the open period ends. */
  private final AtomicLong openUntil = new AtomicLong();

  private final AtomicInteger trialInFlight = new AtomicInteger();

  public CircuitBreaker(int threshold, long openMillis, LongSupplier nanoTime) {
    this.threshold = threshold;
    this.openNanos = openMillis * 1_000_000L;
    this.nanoTime = nanoTime;
  }

  public CircuitState state() {
    long until = openUntil.get();
    if (until == 0) {
      return CircuitState.CLOSED;
    }
    return nanoTime.getAsLong() - until < 0 ? CircuitState.OPEN : CircuitState.HALF_OPEN;
  }

  /**
   * Asks to send a request. Closed: always yes. Open: no. Half-open: yes for exactly one caller
   * until its outcome is recorded.
   */
  public boolean tryAcquire() {
    CircuitState s = state();
    if (s == CircuitState.CLOSED) {
      return true;
    }
    if (s == CircuitState.OPEN) {
      return false;
    }
    return trialInFlight.compareAndSet(0, 1);
  }

  /**
   * Gives back a permit {@link #tryAcquire} granted for a request that was then not sent (its
   * deadline passed while it waited): a half-open circuit admits its next trial.
   */
  public void release() {
    trialInFlight.set(0);
  }

  public void onSuccess() {
    consecutiveFailures.set(0);
    openUntil.set(0);
    trialInFlight.set(0);
  }

  /**
   * @return true when this failure opened (or re-opened) the circuit
   */
  public boolean onFailure() {
    int n = consecutiveFailures.incrementAndGet();
    boolean wasHalfOpen = state() == CircuitState.HALF_OPEN;
    trialInFlight.set(0);
    if (n >= threshold || wasHalfOpen) {
      long until = nanoTime.getAsLong() + openNanos;
      openUntil.set(until == 0 ? 1 : until);
      return true;
    }
    return false;
  }

  public int consecutiveFailures() {
    return consecutiveFailures.get();
  }
}
