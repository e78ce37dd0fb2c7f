package io.switchboard.router.core.accounting;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/**
 * In-memory totals of usage and cost per (policy, expert, tenant) since start. Thread-safe,
 * contention-free ({@link LongAdder}); the operator aggregates replicas from {@link #snapshot()}
 * (served over HTTP) or metrics.
 */
public final class UsageLedger {
  private final ConcurrentHashMap<Key, Totals> totals = new ConcurrentHashMap<>();

  public void record(UsageRecord r) {
    Totals t =
        totals.computeIfAbsent(new Key(r.policy(), r.expert(), r.tenant()), k -> new Totals());
    t.calls.increment();
    t.promptTokens.add(r.promptTokens());
    t.completionTokens.add(r.completionTokens());
    t.costUsd.add(r.costUsd());
    if (r.estimated()) {
      t.estimatedCalls.increment();
    }
  }

  public List<Entry> snapshot() {
    List<Entry> out = new ArrayList<>(totals.size());
    totals.forEach(
        (k, t) ->
            out.add(
                new Entry(
                    k.policy,
                    k.expert,
                    k.tenant,
                    t.calls.sum(),
                    t.estimatedCalls.sum(),
                    t.promptTokens.sum(),
                    t.completionTokens.sum(),
                    t.costUsd.sum())));
    out.sort(
        Comparator.comparing(Entry::policy)
            .thenComparing(Entry::expert)
            .thenComparing(Entry::tenant));
    return out;
  }

  public double totalCostUsd() {
    double sum = 0;
    for (Totals t : totals.values()) {
      sum += t.costUsd.sum();
    }
    return sum;
  }

  /** Totals of one (policy, expert, tenant). */
  public record Entry(
      String policy,
      String expert,
      String tenant,
      long calls,
      long estimatedCalls,
      long promptTokens,
      long completionTokens,
      double costUsd) {}

  private record Key(String policy, String expert, String tenant) {}

  private static final class Totals {
    final LongAdder calls = new LongAdder();
    final LongAdder estimatedCalls = new LongAdder();
    final LongAdder promptTokens = new LongAdder();
    final LongAdder completionTokens = new LongAdder();
    final DoubleAdder costUsd = new DoubleAdder();
  }
}
