package io.switchboard.router.core.strategy.classifier;

import java.util.List;

/**
 * kNN "needs strong" score: the mean recorded strong − weak quality gap of the {@code k} training
 * prompts nearest to the query (cosine similarity of centred, PCA-reduced MiniLM embeddings). The
 * sets mix tasks and difficulty levels, and neighbours' recorded outcomes carry that signal
 * directly. Training vectors are stored as int8 codes (each row scaled so its largest component is
 * ±127), which keeps a 7,000-prompt index near 300 KB of JSON.
 */
final class NeighbourScorer {

  private final PrincipalComponents pca;
  private final byte[] codes;
  private final float[] codeNorms;
  private final float[] gaps;
  private final int neighbours;

  NeighbourScorer(PrincipalComponents pca, byte[] codes, float[] gaps, int neighbours) {
    int dims = pca.components();
    if (codes.length != gaps.length * dims) {
      throw new IllegalArgumentException(
          "neighbour index has "
              + codes.length
              + " code bytes for "
              + gaps.length
              + " prompts of "
              + dims
              + " dimensions");
    }
    if (neighbours < 1) {
      throw new IllegalArgumentException("k must be at least 1, got " + neighbours);
    }
    this.pca = pca;
    this.codes = codes;
    this.gaps = gaps;
    this.neighbours = Math.min(neighbours, gaps.length);
    this.codeNorms = new float[gaps.length];
    for (int i = 0; i < gaps.length; i++) {
      double norm = 0;
      for (int c = 0; c < dims; c++) {
        double v = codes[i * dims + c];
        norm += v * v;
      }
      codeNorms[i] = (float) Math.sqrt(norm);
    }
  }

  /** Builds the index from training embeddings and their recorded strong − weak gaps. */
  static NeighbourScorer fit(
      List<float[]> embeddings, float[] gaps, int components, int neighbours, long seed) {
    PrincipalComponents pca = PrincipalComponents.fit(embeddings, components, seed);
    byte[] codes = new byte[embeddings.size() * components];
    for (int i = 0; i < embeddings.size(); i++) {
      System.arraycopy(
          quantise(pca.project(embeddings.get(i))), 0, codes, i * components, components);
    }
    return new NeighbourScorer(pca, codes, gaps, neighbours);
  }

  /**
   * int8 code of one vector: scaled so its largest absolute component is 127 (cosine ignores the
   * scale).
   */
  static byte[] quantise(float[] vector) {
    double max = 0;
    for (float value : vector) {
      max = Math.max(max, Math.abs(value));
    }
    byte[] code = new byte[vector.length];
    for (int j = 0; j < vector.length; j++) {
      code[j] = (byte) (max == 0 ? 0 : Math.round(vector[j] * 127 / max));
    }
    return code;
  }

  NeighbourScorer withNeighbours(int k) {
    return new NeighbourScorer(pca, codes, gaps, k);
  }

  PrincipalComponents pca() {
    return pca;
  }

  byte[] codes() {
    return codes;
  }

  float[] gaps() {
    return gaps;
  }

  int neighbours() {
    return neighbours;
  }

  /** Mean gap of the k most similar training prompts. */
  double score(float[] embedding) {
    float[] query = pca.project(embedding);
    int dims = query.length;
    // Min-heap of the k best (similarity, index) so far in two primitive arrays: O(n log k), no
    // allocation per row.
    double[] heapSimilarity = new double[neighbours];
    int[] heapIndex = new int[neighbours];
    int size = 0;
    for (int i = 0; i < gaps.length; i++) {
      double dot = 0;
      int offset = i * dims;
      for (int c = 0; c < dims; c++) {
        dot += query[c] * codes[offset + c];
      }
      // The query's own norm is the same for every row, so it does not change the ranking.
      double similarity = codeNorms[i] == 0 ? -1 : dot / codeNorms[i];
      if (size < neighbours) {
        heapSimilarity[size] = similarity;
        heapIndex[size] = i;
        siftUp(heapSimilarity, heapIndex, size++);
      } else if (similarity > heapSimilarity[0]) {
        heapSimilarity[0] = similarity;
        heapIndex[0] = i;
        siftDown(heapSimilarity, heapIndex, size);
      }
    }
    double sum = 0;
    for (int j = 0; j < size; j++) {
      sum += gaps[heapIndex[j]];
    }
    return sum / size;
  }

  private static void siftUp(double[] key, int[] value, int at) {
    while (at > 0) {
      int parent = (at - 1) / 2;
      if (key[parent] <= key[at]) {
        return;
      }
      swap(key, value, parent, at);
      at = parent;
    }
  }

  private static void siftDown(double[] key, int[] value, int size) {
    int at = 0;
    while (true) {
      int smallest = at;
      int left = 2 * at + 1;
      int right = left + 1;
      if (left < size && key[left] < key[smallest]) {
        smallest = left;
      }
      if (right < size && key[right] < key[smallest]) {
        smallest = right;
      }
      if (smallest == at) {
        return;
      }
      swap(key, value, at, smallest);
      at = smallest;
    }
  }

  private static void swap(double[] key, int[] value, int a, int b) {
    double k = key[a];
    key[a] = key[b];
    key[b] = k;
    int v = value[a];
    value[a] = value[b];
    value[b] = v;
  }
}
