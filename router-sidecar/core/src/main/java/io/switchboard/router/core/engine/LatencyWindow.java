package io.switchboard.router.core.engine;

import java.util.function.LongSupplier;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * The p95 of an expert's recent successful-call latencies: what a Budget's latency SLO is held
 * against. Covers the current and the previous window (so between one and two windows of calls),
 * because a mean (the EWMA) hides the slow tail an SLO is about. Writers record lock-free into an
 * HdrHistogram {@link Recorder}; a reader folds the recorded interval in at most once per {@link
 * #REFRESH_NANOS}, so reading it on every request costs a volatile read.
 */
public final class LatencyWindow {

  /**
   * Below this many calls in the window there is no p95: an expert is not judged on a few calls.
   */
  public static final int MIN_SAMPLES = 20;

  static final long REFRESH_NANOS = 1_000_000_000L;
  private static final long MAX_MS = 3_600_000L;

  private final long windowNanos;
  private final LongSupplier nanoClock;
  private final Recorder recorder = new Recorder(MAX_MS, 2);
  private Histogram interval;
  private Histogram current = new Histogram(MAX_MS, 2);
  private Histogram previous = new Histogram(MAX_MS, 2);
  private long currentStart;
  private volatile long refreshedAt;
  private volatile double p95 = Double.NaN;

  /**
   * @param windowSeconds length of one window; the p95 covers the current and the previous one
   * @param nanoClock {@link System#nanoTime} outside tests
   */
  public LatencyWindow(long windowSeconds, LongSupplier nanoClock) {
    this.windowNanos = windowSeconds * 1_000_000_000L;
    this.nanoClock = nanoClock;
    this.currentStart = nanoClock.getAsLong();
    this.refreshedAt = currentStart - REFRESH_NANOS;
  }

  public void record(double totalMs) {
    if (totalMs >= 0 && !Double.isNaN(totalMs)) {
      recorder.recordValue(Math.min(MAX_MS, Math.round(totalMs)));
    }
  }

  /** p95 in ms of the last one to two windows, NaN with fewer than {@link #MIN_SAMPLES} calls. */
  public double p95Ms() {
    long now = nanoClock.getAsLong();
    if (now - refreshedAt >= REFRESH_NANOS) {
      refresh(now);
    }
    return p95;
  }

  private synchronized void refresh(long now) {
    if (now - refreshedAt < REFRESH_NANOS) {
      return;
    }
    interval = recorder.getIntervalHistogram(interval);
    if (now - currentStart >= windowNanos) {
      Histogram recycled = previous;
      // A gap longer than a whole window leaves nothing recent in "current" either.
      previous = now - currentStart >= 2 * windowNanos ? clear(current) : current;
      current = clear(recycled);
      currentStart = now;
    }
    current.add(interval);
    long count = current.getTotalCount() + previous.getTotalCount();
    if (count < MIN_SAMPLES) {
      p95 = Double.NaN;
    } else {
      Histogram both = current.copy();
      both.add(previous);
      p95 = both.getValueAtPercentile(95.0);
    }
    refreshedAt = now;
  }

  private static Histogram clear(Histogram h) {
    h.reset();
    return h;
  }
}
