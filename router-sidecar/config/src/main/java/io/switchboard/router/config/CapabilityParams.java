package io.switchboard.router.config;

/**
 * Capability matching by cosine similarity between the query's estimated needs and each expert's
 * vector.
 *
 * @param minSimilarity experts below this similarity are dropped, in [-1,1] (default 0)
 * @param costSensitivity weight of price against the capability match, in [0,1] (default 0: price
 *     ignored); see {@code CapabilityStrategy}
 */
public record CapabilityParams(Double minSimilarity, Double costSensitivity) {
  public static final CapabilityParams DEFAULT = new CapabilityParams(null, null);

  public CapabilityParams {
    minSimilarity = minSimilarity == null ? 0.0 : minSimilarity;
    costSensitivity = costSensitivity == null ? 0.0 : costSensitivity;
  }
}
