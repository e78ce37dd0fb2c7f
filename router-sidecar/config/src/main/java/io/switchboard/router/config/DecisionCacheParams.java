package io.switchboard.router.config;

/**
 * Cache of LLM-router decisions: exact prompt match, then semantic match by embedding cosine
 * similarity.
 *
 * @param maxEntries 0 disables the cache (default 10000)
 * @param ttlSeconds entry lifetime (default 3600)
 * @param semanticThreshold cosine similarity above which a cached decision is reused, in [0,1]; 1 =
 *     exact only (default 0.95)
 */
public record DecisionCacheParams(Integer maxEntries, Long ttlSeconds, Double semanticThreshold) {
  public static final DecisionCacheParams DEFAULT = new DecisionCacheParams(null, null, null);

  public DecisionCacheParams {
    maxEntries = maxEntries == null ? 10_000 : maxEntries;
    ttlSeconds = ttlSeconds == null ? 3_600L : ttlSeconds;
    semanticThreshold = semanticThreshold == null ? 0.95 : semanticThreshold;
  }
}
