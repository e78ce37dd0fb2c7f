package io.switchboard.router.core.strategy.classifier;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Sparse lexical features: lower-cased word unigrams and bigrams hashed (FNV-1a, 32 bit) into
 * {@code buckets} slots with sub-linear term frequency {@code 1 + log tf}; {@link FeatureSpace}
 * multiplies by a per-bucket IDF learned at training time and L2-normalises: TF-IDF without a
 * vocabulary to ship.
 */
final class HashedNgrams {

  private static final Pattern WORD_SPLIT = Pattern.compile("[^\\p{L}\\p{N}]+");

  private final int buckets;

  HashedNgrams(int buckets) {
    this.buckets = buckets;
  }

  int buckets() {
    return buckets;
  }

  /** Raw term frequencies per bucket (before IDF). */
  Map<Integer, Double> termFrequencies(String text) {
    Map<Integer, Double> counts = new HashMap<>();
    if (buckets == 0) {
      return counts;
    }
    String previous = null;
    for (String word : WORD_SPLIT.split(text.toLowerCase(Locale.ROOT))) {
      if (word.isEmpty()) {
        continue;
      }
      counts.merge(bucket(word), 1.0, Double::sum);
      if (previous != null) {
        counts.merge(bucket(previous + ' ' + word), 1.0, Double::sum);
      }
      previous = word;
    }
    counts.replaceAll((bucket, tf) -> 1 + Math.log(tf));
    return counts;
  }

  private int bucket(String token) {
    int hash = 0x811c9dc5;
    for (byte b : token.getBytes(StandardCharsets.UTF_8)) {
      hash ^= b & 0xff;
      hash *= 0x01000193;
    }
    return Math.floorMod(hash, buckets);
  }
}
