package io.switchboard.router.http;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Bounded memory of recent request outcomes, so {@code POST /v1/feedback} needs only the request id. A lock-free
 * direct-mapped table: each id hashes to one slot and a newer request may evict an older one early. Feedback
 * for an evicted id must then name the expert itself; in exchange the hot path takes no lock.
 */
public final class RecentOutcomes {
    /** What the router recorded for a request. */
    public record Outcome(String expert, long latencyMs, double costUsd, boolean success) {
    }

    private record Entry(String requestId, Outcome outcome) {
    }

    private final AtomicReferenceArray<Entry> slots;
    private final int mask;

    public RecentOutcomes(int capacity) {
        int size = Integer.highestOneBit(Math.max(16, capacity - 1)) << 1;
        this.slots = new AtomicReferenceArray<>(size);
        this.mask = size - 1;
    }

    private int slot(String requestId) {
        int h = requestId.hashCode();
        return (h ^ (h >>> 16)) & mask;
    }

    public void put(String requestId, Outcome outcome) {
        slots.lazySet(slot(requestId), new Entry(requestId, outcome));
    }

    public Outcome get(String requestId) {
        Entry e = slots.get(slot(requestId));
        return e != null && e.requestId().equals(requestId) ? e.outcome() : null;
    }
}
