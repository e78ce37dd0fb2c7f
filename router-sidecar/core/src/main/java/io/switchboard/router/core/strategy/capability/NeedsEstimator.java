package io.switchboard.router.core.strategy.capability;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Estimates what a query needs on the capability axes (reasoning, knowledge, creativity, speed,
 * cost). The first three come from embedding prototypes: each axis has a few example prompts, and
 * the query's need on an axis is a softmax (temperature {@value #TEMPERATURE}) of its best cosine
 * similarity to that axis' prototypes. Speed and cost needs come from the policy's declared reward
 * weights, since they express the tenant's preference, not the query.
 */
public final class NeedsEstimator {

  static final double TEMPERATURE = 0.05;

  /** Prototype prompts per content axis, in the order reasoning, knowledge, creativity. */
  public static final Map<String, List<String>> PROTOTYPES =
      Map.of(
          "reasoning",
              List.of(
                  "Solve this math word problem step by step and give the final number.",
                  "Prove that the square root of two is irrational.",
                  "Write a Python function that returns the longest increasing subsequence.",
                  "If all bloops are razzies and some razzies are lazzies, what follows logically?"),
          "knowledge",
              List.of(
                  "Which enzyme breaks down starch in the human mouth?",
                  "Who was the president of France during the Suez crisis?",
                  "What does Article 5 of the NATO treaty say?",
                  "Name the capital of Australia and its population."),
          "creativity",
              List.of(
                  "Write a short poem about the sea at night.",
                  "Write a captivating short story that begins with a mysterious letter.",
                  "Brainstorm ten catchy names for a coffee shop.",
                  "Compose a persuasive, witty product description for a smart umbrella."));

  private static final List<String> CONTENT_AXES = List.of("reasoning", "knowledge", "creativity");

  private final float[][][] prototypes; // axis → prototype → vector
  private final double speedNeed;
  private final double costNeed;

  /** Embeds the prototypes once (config load time, off the event loop). */
  public NeedsEstimator(
      Function<String, float[]> embedder,
      double qualityWeight,
      double costWeight,
      double latencyWeight) {
    prototypes = new float[CONTENT_AXES.size()][][];
    for (int a = 0; a < CONTENT_AXES.size(); a++) {
      List<String> examples = PROTOTYPES.get(CONTENT_AXES.get(a));
      prototypes[a] = examples.stream().map(embedder).toArray(float[][]::new);
    }
    double total = qualityWeight + costWeight + latencyWeight;
    speedNeed = total > 0 ? latencyWeight / total : 0;
    costNeed = total > 0 ? costWeight / total : 0;
  }

  /**
   * Needs in the order of {@code Capabilities.toArray()}: reasoning, knowledge, creativity, speed,
   * cost.
   */
  public double[] needs(float[] queryEmbedding) {
    double[] best = new double[CONTENT_AXES.size()];
    double max = Double.NEGATIVE_INFINITY;
    for (int a = 0; a < best.length; a++) {
      best[a] = Double.NEGATIVE_INFINITY;
      for (float[] prototype : prototypes[a]) {
        best[a] = Math.max(best[a], cosine(queryEmbedding, prototype));
      }
      max = Math.max(max, best[a]);
    }
    double sum = 0;
    double[] weights = new double[best.length];
    for (int a = 0; a < best.length; a++) {
      weights[a] = Math.exp((best[a] - max) / TEMPERATURE);
      sum += weights[a];
    }
    double[] needs = new double[5];
    for (int a = 0; a < best.length; a++) {
      needs[a] = weights[a] / sum;
    }
    needs[3] = speedNeed;
    needs[4] = costNeed;
    return needs;
  }

  static double cosine(float[] a, float[] b) {
    double dot = 0;
    double na = 0;
    double nb = 0;
    for (int i = 0; i < a.length; i++) {
      dot += a[i] * b[i];
      na += a[i] * a[i];
      nb += b[i] * b[i];
    }
    return na == 0 || nb == 0 ? 0 : dot / Math.sqrt(na * nb);
  }

  static double cosine(double[] a, double[] b) {
    double dot = 0;
    double na = 0;
    double nb = 0;
    for (int i = 0; i < a.length; i++) {
      dot += a[i] * b[i];
      na += a[i] * a[i];
      nb += b[i] * b[i];
    }
    return na == 0 || nb == 0 ? 0 : dot / Math.sqrt(na * nb);
  }
}
