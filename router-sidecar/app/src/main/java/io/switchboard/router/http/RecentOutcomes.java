package io.switchboard.router.http;

/**
 * Bounded memory of recent request outcomes, so {@code POST /v1/feedback} needs only the request
 * id. A direct-mapped table: each id hashes to one slot and a newer request may evict an older one
 * early (feedback for an evicted id must then name the expert itself).
 *
 * <p>The table holds primitives only (a 64-bit hash of the id, latency, cost, flags) plus the
 * expert and tenant names, which are the config's own strings: remembering an outcome allocates
 * nothing that outlives the request. An earlier version kept one small object per request in the
 * table; every young collection then had to copy the ~10,000 newest of them and promoted the rest,
 * which made young pauses 5 ms instead of under 1 ms and grew the old generation.
 */
public final class RecentOutcomes {
  /**
   * What the router recorded for a request.
   *
   * @param tenant who made it (the config's own string), so only that tenant may rate it; null when
   *     unknown
   */
  public record Outcome(
      String expert, long latencyMs, double costUsd, boolean success, String tenant) {
    public Outcome(String expert, long latencyMs, double costUsd, boolean success) {
      this(expert, latencyMs, costUsd, success, null);
    }
  }

  private static final int STRIPES = 64;

  private final long[] keys;
  private final String[] experts;
  private final long[] latencies;
  private final double[] costs;
  private final boolean[] successes;
  private final String[] tenants;
  private final Object[] locks = new Object[STRIPES];
  private final int mask;

  public RecentOutcomes(int capacity) {
    int size = Integer.highestOneBit(Math.max(16, capacity - 1)) << 1;
    this.keys = new long[size];
    this.experts = new String[size];
    this.latencies = new long[size];
    this.costs = new double[size];
    this.successes = new boolean[size];
    this.tenants = new String[size];
    this.mask = size - 1;
    for (int i = 0; i < STRIPES; i++) {
      locks[i] = new Object();
    }
  }

  /** 64-bit FNV-1a of the id; 0 marks an empty slot, so it is never returned. */
  static long key(String requestId) {
    long h = 0xcbf29ce484222325L;
    for (int i = 0; i < requestId.length(); i++) {
      h ^= requestId.charAt(i);
      h *= 0x100000001b3L;
    }
    return h == 0 ? 1 : h;
  }

  private int slot(long key) {
    return (int) (key ^ (key >>> 32)) & mask;
  }

  public void put(String requestId, Outcome outcome) {
    long key = key(requestId);
    int slot = slot(key);
    synchronized (locks[slot & (STRIPES - 1)]) {
      keys[slot] = key;
      experts[slot] = outcome.expert();
      latencies[slot] = outcome.latencyMs();
      costs[slot] = outcome.costUsd();
      successes[slot] = outcome.success();
      tenants[slot] = outcome.tenant();
    }
  }

  public Outcome get(String requestId) {
    long key = key(requestId);
    int slot = slot(key);
    synchronized (locks[slot & (STRIPES - 1)]) {
      return keys[slot] == key
          ? new Outcome(experts[slot], latencies[slot], costs[slot], successes[slot], tenants[slot])
          : null;
    }
  }
}
