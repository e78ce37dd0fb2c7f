package io.switchboard.router.tenant;

import io.switchboard.router.config.TenantConfig;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-tenant requests per minute, tokens per minute and monthly spend, enforced by this router
 * replica. Requests and tokens are token buckets holding a minute's allowance and refilling
 * continuously, as OpenAI's limits behave. A request's tokens are known only when it finished, so
 * admission needs a positive token balance and the finished request is charged afterwards: a tenant
 * can overshoot by one request's tokens, then waits until the balance is positive again.
 *
 * <p>The state outlives config reloads and key rotations (one instance per router), so neither
 * resets a tenant's limits. Plain Java: the caller passes the clock readings.
 */
public final class TenantLimits {
  private final ConcurrentHashMap<String, Usage> usage = new ConcurrentHashMap<>();

  /** Why a request was refused. */
  public enum Refusal {
    REQUESTS,
    TOKENS,
    MONTHLY_CAP
  }

  /**
   * The outcome of {@link #admit}: refused or not, seconds to wait, and the {@code x-ratelimit-*}
   * headers to send (empty when the tenant has no per-minute limit).
   */
  public record Admission(Refusal refusal, long retryAfterSeconds, Map<String, String> headers) {
    public boolean admitted() {
      return refusal == null;
    }
  }

  private static final Admission UNLIMITED = new Admission(null, 0, Map.of());

  /**
   * Admits or refuses one request of {@code tenant} under {@code limits} (null: no limits) and,
   * when admitted, takes one request from its allowance.
   */
  public Admission admit(String tenant, TenantConfig limits, long nowNanos, Instant now) {
    if (limits == null
        || limits.requestsPerMinute() == 0
            && limits.tokensPerMinute() == 0
            && limits.monthlyUsdCap() == 0) {
      return UNLIMITED;
    }
    Usage u = usage.computeIfAbsent(tenant, t -> new Usage());
    synchronized (u) {
      u.refill(limits, nowNanos);
      Map<String, String> headers = new LinkedHashMap<>();
      Refusal refusal = null;
      long retryAfter = 0;
      YearMonth month = YearMonth.from(now.atOffset(ZoneOffset.UTC));
      if (!month.equals(u.month)) {
        u.month = month;
        u.monthUsd = 0;
      }
      if (limits.monthlyUsdCap() > 0 && u.monthUsd >= limits.monthlyUsdCap()) {
        refusal = Refusal.MONTHLY_CAP;
        long nextMonth = month.plusMonths(1).atDay(1).atStartOfDay().toEpochSecond(ZoneOffset.UTC);
        retryAfter = Math.max(1, nextMonth - now.getEpochSecond());
      }
      if (refusal == null && limits.requestsPerMinute() > 0 && u.requests < 1) {
        refusal = Refusal.REQUESTS;
        retryAfter = secondsUntil(1 - u.requests, limits.requestsPerMinute());
      }
      if (refusal == null && limits.tokensPerMinute() > 0 && u.tokens <= 0) {
        refusal = Refusal.TOKENS;
        retryAfter = secondsUntil(1 - u.tokens, limits.tokensPerMinute());
      }
      if (refusal == null && limits.requestsPerMinute() > 0) {
        u.requests -= 1;
      }
      if (limits.requestsPerMinute() > 0) {
        long cap = limits.requestsPerMinute();
        headers.put("x-ratelimit-limit-requests", Long.toString(cap));
        headers.put("x-ratelimit-remaining-requests", Long.toString(remaining(u.requests)));
        headers.put("x-ratelimit-reset-requests", duration(nanosToFull(u.requests, cap)));
      }
      if (limits.tokensPerMinute() > 0) {
        long cap = limits.tokensPerMinute();
        headers.put("x-ratelimit-limit-tokens", Long.toString(cap));
        headers.put("x-ratelimit-remaining-tokens", Long.toString(remaining(u.tokens)));
        headers.put("x-ratelimit-reset-tokens", duration(nanosToFull(u.tokens, cap)));
      }
      return new Admission(refusal, retryAfter, Map.copyOf(headers));
    }
  }

  /**
   * Charges a finished request's tokens and spend to {@code tenant} (also without limits, so a cap
   * set later counts this month's spend).
   */
  public void charge(String tenant, long tokens, double usd, Instant now) {
    Usage u = usage.computeIfAbsent(tenant, t -> new Usage());
    synchronized (u) {
      YearMonth month = YearMonth.from(now.atOffset(ZoneOffset.UTC));
      if (!month.equals(u.month)) {
        u.month = month;
        u.monthUsd = 0;
      }
      u.monthUsd += usd;
      u.tokens -= tokens;
    }
  }

  /** This month's spend of {@code tenant} as charged on this replica. */
  public double monthUsd(String tenant) {
    Usage u = usage.get(tenant);
    if (u == null) {
      return 0;
    }
    synchronized (u) {
      return u.monthUsd;
    }
  }

  /** Every tenant's spend in {@code now}'s month as charged on this replica (adopted included). */
  public Map<String, Double> monthSpend(Instant now) {
    YearMonth month = YearMonth.from(now.atOffset(ZoneOffset.UTC));
    Map<String, Double> out = new TreeMap<>();
    usage.forEach(
        (tenant, u) -> {
          synchronized (u) {
            if (month.equals(u.month) && u.monthUsd > 0) {
              out.put(tenant, u.monthUsd);
            }
          }
        });
    return out;
  }

  /**
   * Adds a departed replica's spend of {@code month} to {@code tenant}'s, so the monthly cap counts
   * it; spend of another month than the current one is ignored.
   */
  public void adopt(String tenant, YearMonth month, double usd, Instant now) {
    if (!month.equals(YearMonth.from(now.atOffset(ZoneOffset.UTC))) || !(usd > 0)) {
      return;
    }
    Usage u = usage.computeIfAbsent(tenant, t -> new Usage());
    synchronized (u) {
      if (!month.equals(u.month)) {
        u.month = month;
        u.monthUsd = 0;
      }
      u.monthUsd += usd;
    }
  }

  private static long remaining(double balance) {
    return Math.max(0, (long) Math.floor(balance));
  }

  /** Nanoseconds until a bucket refilling {@code perMinute} per minute holds {@code missing}. */
  private static long nanos(double missing, long perMinute) {
    return (long) Math.ceil(missing * 60e9 / perMinute);
  }

  private static long secondsUntil(double missing, long perMinute) {
    return Math.max(1, (long) Math.ceil(nanos(missing, perMinute) / 1e9));
  }

  private static long nanosToFull(double balance, long cap) {
    return balance >= cap ? 0 : nanos(cap - balance, cap);
  }

  /** OpenAI's reset format: {@code 1s}, {@code 6m0s}, {@code 20ms}. */
  static String duration(long nanos) {
    long ms = (long) Math.ceil(nanos / 1e6);
    if (ms < 1000) {
      return ms + "ms";
    }
    long totalSeconds = (long) Math.ceil(ms / 1000.0);
    long h = totalSeconds / 3600;
    long m = totalSeconds % 3600 / 60;
    long s = totalSeconds % 60;
    if (h > 0) {
      return h + "h" + m + "m" + s + "s";
    }
    return m > 0 ? m + "m" + s + "s" : s + "s";
  }

  private static final class Usage {
    /** Balances; filled to a minute's allowance at the first admission. */
    double requests;

    /** Charged tokens count from the start, so a charge before the first admission is kept. */
    double tokens;

    boolean started;
    long lastNanos;
    YearMonth month;
    double monthUsd;

    void refill(TenantConfig limits, long nowNanos) {
      if (!started) {
        started = true;
        requests = limits.requestsPerMinute();
        tokens += limits.tokensPerMinute();
        lastNanos = nowNanos;
        return;
      }
      double minutes = (nowNanos - lastNanos) / 60e9;
      lastNanos = nowNanos;
      requests =
          Math.min(limits.requestsPerMinute(), requests + minutes * limits.requestsPerMinute());
      tokens = Math.min(limits.tokensPerMinute(), tokens + minutes * limits.tokensPerMinute());
    }
  }
}
