package io.switchboard.router.config;

/**
 * Capability matching by cosine similarity between the query's estimated needs and each expert's
 * vector.
 *
 * @param minSimilarity experts below this similarity are dropped, in [-1,1] (default 0)
 */
public record CapabilityParams(Double minSimilarity) {
  public static final CapabilityParams DEFAULT = new CapabilityParams(null);

  public CapabilityParams {
    minSimilarity = minSimilarity == null ? 0.0 : minSimilarity;
  }
}
