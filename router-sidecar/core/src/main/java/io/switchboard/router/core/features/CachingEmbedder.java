package io.switchboard.router.core.features;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Bounded LRU cache in front of an {@link SentenceEmbedder}, keyed by the exact prompt text.
 * Repeated prompts (retries, system prompts reused by agents, the LLM router's semantic cache) then
 * cost a map lookup instead of a model run. Vectors are shared, never mutated.
 */
public final class CachingEmbedder implements SentenceEmbedder {

  private final SentenceEmbedder delegate;
  private final Map<String, float[]> entries;
  private final LongAdder hits = new LongAdder();
  private final LongAdder misses = new LongAdder();

  public CachingEmbedder(SentenceEmbedder delegate, int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("cache capacity must be positive, got " + capacity);
    }
    this.delegate = delegate;
    this.entries =
        new LinkedHashMap<>(Math.min(capacity, 1 << 16), 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, float[]> eldest) {
            return size() > capacity;
          }
        };
  }

  @Override
  public int dimension() {
    return delegate.dimension();
  }

  @Override
  public float[] embed(String text) {
    synchronized (entries) {
      float[] cached = entries.get(text);
      if (cached != null) {
        hits.increment();
        return cached;
      }
    }
    misses.increment();
    // Computed outside the lock: two racing misses both compute, which is harmless.
    float[] vector = delegate.embed(text);
    synchronized (entries) {
      entries.put(text, vector);
    }
    return vector;
  }

  public long hits() {
    return hits.sum();
  }

  public long misses() {
    return misses.sum();
  }

  public int size() {
    synchronized (entries) {
      return entries.size();
    }
  }
}
