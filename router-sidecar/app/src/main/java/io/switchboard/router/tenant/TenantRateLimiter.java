package io.switchboard.router.tenant;

import java.util.concurrent.ConcurrentHashMap;

/** Token bucket per tenant; {@code requestsPerSecond <= 0} disables limiting. */
public final class TenantRateLimiter {
  private final double ratePerNano;
  private final double burst;
  private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

  public TenantRateLimiter(double requestsPerSecond, double burst) {
    this.ratePerNano = requestsPerSecond / 1e9;
    this.burst = Math.max(1, burst);
  }

  public boolean enabled() {
    return ratePerNano > 0;
  }

  /**
   * @return 0 when admitted, otherwise the seconds to wait before a token is available (≥ 1)
   */
  public long tryAcquire(String tenant, long nowNanos) {
    if (!enabled()) {
      return 0;
    }
    Bucket b = buckets.computeIfAbsent(tenant, t -> new Bucket(burst, nowNanos));
    synchronized (b) {
      b.tokens = Math.min(burst, b.tokens + (nowNanos - b.lastNanos) * ratePerNano);
      b.lastNanos = nowNanos;
      if (b.tokens >= 1) {
        b.tokens -= 1;
        return 0;
      }
      return Math.max(1, (long) Math.ceil((1 - b.tokens) / ratePerNano / 1e9));
    }
  }

  private static final class Bucket {
    double tokens;
    long lastNanos;

    Bucket(double tokens, long lastNanos) {
      this.tokens = tokens;
      this.lastNanos = lastNanos;
    }
  }
}
