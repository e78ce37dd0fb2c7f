package io.switchboard.router.core.strategy.bandit;

import io.switchboard.router.config.EncoderSpec;
import io.switchboard.router.core.features.QueryFeatures;
import io.switchboard.router.core.support.StandardNormal;
import java.util.SplittableRandom;

/**
 * Bandit context: a seeded Gaussian random projection of the embedding to {@code k} dimensions
 * (Johnson–Lindenstrauss keeps angles), the cheap text features, and a bias term. The projection
 * depends only on the seed, so every replica builds the same one and their statistics stay
 * mergeable.
 */
public final class ContextEncoder {

  private final int embeddingDimension;
  private final int projectedDimension;
  private final double[] projection; // k × embeddingDimension, row-major
  private final String embeddingSpace;

  /** For embeddings of the default encoder (MiniLM, 128 pieces, tail). */
  public ContextEncoder(int embeddingDimension, int projectedDimension, long seed) {
    this(embeddingDimension, projectedDimension, seed, EncoderSpec.DEFAULT.toString());
  }

  /**
   * @param embeddingSpace the prompt encoder the embeddings come from (e.g. {@code
   *     minilm-static/tail128}): statistics learned over one encoder's vectors mean nothing over
   *     another's
   */
  public ContextEncoder(
      int embeddingDimension, int projectedDimension, long seed, String embeddingSpace) {
    this.embeddingSpace = embeddingSpace;
    if (projectedDimension < 0 || embeddingDimension < 1) {
      throw new IllegalArgumentException(
          "invalid projection " + embeddingDimension + " -> " + projectedDimension);
    }
    this.embeddingDimension = embeddingDimension;
    this.projectedDimension = projectedDimension;
    this.projection = new double[projectedDimension * embeddingDimension];
    SplittableRandom random = new SplittableRandom(seed);
    // Unit-norm embeddings project to ≈ unit-norm vectors with entries N(0, 1/k).
    double scale = projectedDimension == 0 ? 0 : 1.0 / Math.sqrt(projectedDimension);
    for (int i = 0; i < projection.length; i++) {
      projection[i] = StandardNormal.draw(random) * scale;
    }
  }

  /**
   * The prompt encoder behind the projected part of the context; part of every learned state's
   * identity.
   */
  public String embeddingSpace() {
    return embeddingSpace;
  }

  public int dimension() {
    return projectedDimension + io.switchboard.router.core.features.TextFeatures.NAMES.length + 1;
  }

  public boolean needsEmbedding() {
    return projectedDimension > 0;
  }

  public double[] encode(QueryFeatures features) {
    double[] cheap = features.textFeatures().vector();
    double[] context = new double[dimension()];
    if (projectedDimension > 0) {
      float[] embedding = features.requireEmbedding();
      for (int r = 0; r < projectedDimension; r++) {
        double sum = 0;
        int row = r * embeddingDimension;
        for (int c = 0; c < embeddingDimension; c++) {
          sum += projection[row + c] * embedding[c];
        }
        context[r] = sum;
      }
    }
    System.arraycopy(cheap, 0, context, projectedDimension, cheap.length);
    context[context.length - 1] = 1.0;
    return context;
  }
}
