package io.switchboard.router.http;

import java.util.LinkedHashMap;
import java.util.Map;

/** Bounded memory of recent request outcomes, so {@code POST /v1/feedback} needs only the request id. */
public final class RecentOutcomes {
    /** What the router recorded for a request. */
    public record Outcome(String expert, long latencyMs, double costUsd, boolean success) {
    }

    private final int capacity;
    private final LinkedHashMap<String, Outcome> map;

    public RecentOutcomes(int capacity) {
        this.capacity = capacity;
        this.map = new LinkedHashMap<>(Math.min(capacity, 1024), 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Outcome> eldest) {
                return size() > RecentOutcomes.this.capacity;
            }
        };
    }

    public synchronized void put(String requestId, Outcome outcome) {
        map.put(requestId, outcome);
    }

    public synchronized Outcome get(String requestId) {
        return map.get(requestId);
    }
}
