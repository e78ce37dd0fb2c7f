package io.switchboard.router.core.strategy.federated;

import java.util.List;

/**
 * What two routers must agree on for their statistics to mean the same thing: the random projection
 * (seed and size), the context dimension, the ridge prior, the clipping contract, the arms (expert
 * names, sorted) and the prompt encoder whose embeddings are projected ({@code embedding}, e.g.
 * {@code minilm/tail128}). A peer round with another fingerprint is refused, never merged.
 */
public record ModelFingerprint(
    long projectionSeed,
    int contextDims,
    int dimension,
    double ridge,
    String clipping,
    List<String> arms,
    String embedding) {

  /** A fingerprint over the default encoder's embeddings. */
  public ModelFingerprint(
      long projectionSeed,
      int contextDims,
      int dimension,
      double ridge,
      String clipping,
      List<String> arms) {
    this(
        projectionSeed,
        contextDims,
        dimension,
        ridge,
        clipping,
        arms,
        io.switchboard.router.config.EncoderSpec.DEFAULT.toString());
  }

  /** The clipping contract behind the sensitivity bound (see {@link Clipping}). */
  public static final String CLIPPING = "context-l2<=1;reward-in-[0,1]";

  public ModelFingerprint {
    arms = List.copyOf(arms.stream().sorted().toList());
  }
}
