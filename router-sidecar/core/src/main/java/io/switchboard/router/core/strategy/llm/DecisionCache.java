package io.switchboard.router.core.strategy.llm;

import java.time.Clock;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;

/**
 * Cache of LLM-router decisions. Exact: by the prompt text (hash map lookup). Semantic: the most
 * similar cached prompt by cosine similarity of embeddings, reused when the similarity is at least
 * {@code semanticThreshold} (a linear scan; {@code maxEntries} bounds its cost, ~1 ms for 10k
 * entries of 384 floats). Entries expire after {@code ttl}; the least recently used entry is
 * evicted beyond {@code maxEntries}. Hit and miss counts are kept for metrics.
 */
public final class DecisionCache {

  /** What a lookup found, and how. */
  public enum HitKind {
    EXACT,
    SEMANTIC
  }

  public record Hit(String expert, HitKind kind, double similarity) {}

  /** Counters for metrics ({@code switchboard_llm_router_cache_*}). */
  public record Stats(long exactHits, long semanticHits, long misses, int size) {}

  /** {@code inverseNorm} is precomputed so a lookup costs one dot product per entry. */
  private record Entry(String expert, float[] embedding, float inverseNorm, long expiresAtMillis) {}

  private final int maxEntries;
  private final long ttlMillis;
  private final double semanticThreshold;
  private final Clock clock;
  private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);
  private final LongAdder exactHits = new LongAdder();
  private final LongAdder semanticHits = new LongAdder();
  private final LongAdder misses = new LongAdder();

  public DecisionCache(int maxEntries, long ttlSeconds, double semanticThreshold, Clock clock) {
    this.maxEntries = maxEntries;
    this.ttlMillis = ttlSeconds * 1000;
    this.semanticThreshold = semanticThreshold;
    this.clock = clock;
  }

  public boolean enabled() {
    return maxEntries > 0;
  }

  public boolean semantic() {
    return enabled() && semanticThreshold < 1.0;
  }

  public synchronized Optional<Hit> exact(String prompt) {
    if (!enabled()) {
      return Optional.empty();
    }
    Entry entry = entries.get(prompt);
    if (entry != null && entry.expiresAtMillis() > clock.millis()) {
      exactHits.increment();
      return Optional.of(new Hit(entry.expert(), HitKind.EXACT, 1.0));
    }
    if (entry != null) {
      entries.remove(prompt);
    }
    return Optional.empty();
  }

  /**
   * Semantic lookup; counts a miss when nothing is close enough (call after {@link #exact} missed).
   */
  public synchronized Optional<Hit> similar(float[] embedding) {
    if (!semantic()) {
      misses.increment();
      return Optional.empty();
    }
    long now = clock.millis();
    float queryInverseNorm = inverseNorm(embedding);
    Entry best = null;
    double bestSimilarity = Double.NEGATIVE_INFINITY;
    for (Iterator<Entry> it = entries.values().iterator(); it.hasNext(); ) {
      Entry entry = it.next();
      if (entry.expiresAtMillis() <= now) {
        it.remove();
        continue;
      }
      if (entry.embedding() == null) {
        continue;
      }
      double similarity =
          dot(embedding, entry.embedding()) * queryInverseNorm * entry.inverseNorm();
      if (similarity > bestSimilarity) {
        bestSimilarity = similarity;
        best = entry;
      }
    }
    if (best != null && bestSimilarity >= semanticThreshold) {
      semanticHits.increment();
      return Optional.of(new Hit(best.expert(), HitKind.SEMANTIC, bestSimilarity));
    }
    misses.increment();
    return Optional.empty();
  }

  /** Records a miss for callers that skip the semantic lookup. */
  public void countMiss() {
    misses.increment();
  }

  public synchronized void put(String prompt, float[] embedding, String expert) {
    if (!enabled()) {
      return;
    }
    entries.put(
        prompt,
        new Entry(
            expert,
            embedding,
            embedding == null ? 0 : inverseNorm(embedding),
            clock.millis() + ttlMillis));
    while (entries.size() > maxEntries) {
      Iterator<Map.Entry<String, Entry>> eldest = entries.entrySet().iterator();
      eldest.next();
      eldest.remove();
    }
  }

  public synchronized Stats stats() {
    return new Stats(exactHits.sum(), semanticHits.sum(), misses.sum(), entries.size());
  }

  private static float dot(float[] a, float[] b) {
    float sum = 0;
    for (int i = 0; i < a.length; i++) {
      sum += a[i] * b[i];
    }
    return sum;
  }

  private static float inverseNorm(float[] v) {
    float norm = (float) Math.sqrt(dot(v, v));
    return norm == 0 ? 0 : 1 / norm;
  }
}
