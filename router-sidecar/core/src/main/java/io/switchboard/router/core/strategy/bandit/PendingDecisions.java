package io.switchboard.router.core.strategy.bandit;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Contexts of recent decisions, keyed by request id, until their feedback arrives. Bounded (oldest
 * dropped first): feedback for a forgotten request is simply not learned from.
 */
final class PendingDecisions {

  /** What the bandit needs to learn from one decision's outcome. */
  record Pending(String expert, double[] context, double costUsd, long latencyMs) {}

  private final Map<String, Pending> entries;

  PendingDecisions(int capacity) {
    this.entries =
        new LinkedHashMap<>(16, 0.75f, false) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Pending> eldest) {
            return size() > capacity;
          }
        };
  }

  synchronized void put(String requestId, Pending pending) {
    entries.put(requestId, pending);
  }

  synchronized Pending get(String requestId) {
    return entries.get(requestId);
  }

  synchronized Pending remove(String requestId) {
    return entries.remove(requestId);
  }

  synchronized void update(String requestId, double costUsd, long latencyMs) {
    Pending pending = entries.get(requestId);
    if (pending != null) {
      entries.put(requestId, new Pending(pending.expert(), pending.context(), costUsd, latencyMs));
    }
  }
}
