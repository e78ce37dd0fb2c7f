package io.switchboard.simulated.metrics;

import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.DoubleAdder;

/**
 * A Prometheus histogram with fixed upper bounds; lock-free and safe to observe from any thread.
 */
final class Histogram {

  private final double[] upperBounds;
  private final AtomicLongArray counts;
  private final DoubleAdder sum = new DoubleAdder();

  Histogram(double... upperBounds) {
    this.upperBounds = upperBounds.clone();
    this.counts = new AtomicLongArray(upperBounds.length + 1);
  }

  void observe(double value, long times) {
    int bucket = 0;
    while (bucket < upperBounds.length && value > upperBounds[bucket]) {
      bucket++;
    }
    counts.addAndGet(bucket, times);
    sum.add(value * times);
  }

  double[] upperBounds() {
    return upperBounds.clone();
  }

  /** Cumulative counts per bound, the last one for {@code +Inf}. */
  long[] cumulativeCounts() {
    long[] cumulative = new long[counts.length()];
    long running = 0;
    for (int i = 0; i < cumulative.length; i++) {
      running += counts.get(i);
      cumulative[i] = running;
    }
    return cumulative;
  }

  double sum() {
    return sum.sum();
  }
}
