package io.switchboard.router.core.engine;

import java.util.concurrent.atomic.AtomicLong;

/** Lock-free exponentially weighted moving average; NaN until the first sample. */
public final class Ewma {
  private final double alpha;
  private final AtomicLong bits = new AtomicLong(Double.doubleToRawLongBits(Double.NaN));

  /**
   * @param alpha weight of a new sample in (0,1]; 0.2 ≈ the last ~10 samples dominate
   */
  public Ewma(double alpha) {
    this.alpha = alpha;
  }

  public void add(double sample) {
    while (true) {
      long old = bits.get();
      double prev = Double.longBitsToDouble(old);
      double next = Double.isNaN(prev) ? sample : prev + alpha * (sample - prev);
      if (bits.compareAndSet(old, Double.doubleToRawLongBits(next))) {
        return;
      }
    }
  }

  public double get() {
    return Double.longBitsToDouble(bits.get());
  }
}
