package io.switchboard.router.core.strategy.classifier;

import io.switchboard.router.core.features.QueryFeatures;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Maps {@link QueryFeatures} to a {@link FeatureRow}: embedding + text features standardised with
 * training means/deviations, then hashed TF-IDF n-grams with training IDF. Fitted once on the
 * training prompts and shipped inside the model artifact.
 */
final class FeatureSpace {

  private final HashedNgrams ngrams;
  private final float[] mean;
  private final float[] deviation;
  private final float[] idf;

  FeatureSpace(int buckets, float[] mean, float[] deviation, float[] idf) {
    this.ngrams = new HashedNgrams(buckets);
    this.mean = mean;
    this.deviation = deviation;
    this.idf = idf;
  }

  static FeatureSpace fit(List<QueryFeatures> training, int buckets) {
    int denseWidth = denseOf(training.get(0)).length;
    double[] sum = new double[denseWidth];
    double[] squares = new double[denseWidth];
    int[] documentFrequency = new int[buckets];
    HashedNgrams ngrams = new HashedNgrams(buckets);
    for (QueryFeatures features : training) {
      double[] dense = denseOf(features);
      for (int j = 0; j < denseWidth; j++) {
        sum[j] += dense[j];
        squares[j] += dense[j] * dense[j];
      }
      ngrams
          .termFrequencies(features.text())
          .keySet()
          .forEach(bucket -> documentFrequency[bucket]++);
    }
    int n = training.size();
    float[] mean = new float[denseWidth];
    float[] deviation = new float[denseWidth];
    for (int j = 0; j < denseWidth; j++) {
      mean[j] = (float) (sum[j] / n);
      double variance = squares[j] / n - mean[j] * (double) mean[j];
      deviation[j] = (float) Math.max(Math.sqrt(Math.max(variance, 0)), 1e-6);
    }
    float[] idf = new float[buckets];
    for (int k = 0; k < buckets; k++) {
      idf[k] =
          (float) (Math.log((1.0 + n) / (1.0 + documentFrequency[k])) + 1); // sklearn's smooth IDF
    }
    return new FeatureSpace(buckets, mean, deviation, idf);
  }

  int denseWidth() {
    return mean.length;
  }

  int width() {
    return mean.length + ngrams.buckets();
  }

  FeatureRow row(QueryFeatures features) {
    double[] dense = denseOf(features);
    for (int j = 0; j < dense.length; j++) {
      dense[j] = (dense[j] - mean[j]) / deviation[j];
    }
    if (ngrams.buckets() == 0) {
      return new FeatureRow(dense, new int[0], new double[0]);
    }
    Map<Integer, Double> tf = ngrams.termFrequencies(features.text());
    double norm = 0;
    Map<Integer, Double> weighted = new HashMap<>();
    for (Map.Entry<Integer, Double> entry : tf.entrySet()) {
      double value = entry.getValue() * idf[entry.getKey()];
      weighted.put(entry.getKey(), value);
      norm += value * value;
    }
    int[] index = new int[weighted.size()];
    double[] value = new double[weighted.size()];
    int k = 0;
    double inverse = norm == 0 ? 0 : 1 / Math.sqrt(norm);
    for (Map.Entry<Integer, Double> entry : new ArrayList<>(weighted.entrySet())) {
      index[k] = entry.getKey();
      value[k++] = entry.getValue() * inverse;
    }
    return new FeatureRow(dense, index, value);
  }

  int buckets() {
    return ngrams.buckets();
  }

  float[] mean() {
    return mean;
  }

  float[] deviation() {
    return deviation;
  }

  float[] idf() {
    return idf;
  }

  private static double[] denseOf(QueryFeatures features) {
    float[] embedding = features.requireEmbedding();
    double[] text = features.textFeatures().vector();
    double[] dense = new double[embedding.length + text.length];
    for (int j = 0; j < embedding.length; j++) {
      dense[j] = embedding[j];
    }
    System.arraycopy(text, 0, dense, embedding.length, text.length);
    return dense;
  }
}
