package io.switchboard.simulated.answer;

import java.util.SplittableRandom;

/**
 * Token log-probabilities for a simulated answer, so that logprob-based confidence (a cascade's
 * first stage) has something to read. <b>Simulated</b>: the datasets record a quality score per
 * prompt and model, not the model's token probabilities, so the confidence is modelled as the
 * recorded score seen through noise:
 *
 * <pre>c = clamp(0.35 + 0.6 · score + N(0, {@value #NOISE_SD}²), 0.02, 0.995)</pre>
 *
 * and the tokens' logprobs vary around ln(c) with mean exactly ln c, so the geometric-mean token
 * probability a cascade computes is c. The noise stands for real models' imperfect calibration: a
 * strong answer sometimes looks unsure and a wrong one sure. It is seeded by prompt and model, so a
 * replay is reproducible. An answer without a recorded score gets no logprobs at all, as from a
 * server that does not return them.
 */
public final class SimulatedConfidence {
  /** Spread of confidence around the score-implied value; larger = worse calibrated. */
  static final double NOISE_SD = 0.15;

  private static final int MAX_TOKENS = 32;

  private SimulatedConfidence() {}

  /** The confidence c for this prompt and model, or NaN without a recorded score. */
  public static double confidence(String promptId, String model, Double recordedScore) {
    if (recordedScore == null || recordedScore.isNaN()) {
      return Double.NaN;
    }
    // Scores are 0/1 or 0..1, except judge scores of 1..10 (MT-Bench), rescaled as (s - 1) / 9.
    double quality = recordedScore > 1 ? (recordedScore - 1) / 9 : recordedScore;
    SplittableRandom random = new SplittableRandom(seed(promptId, model));
    double c = 0.35 + 0.6 * Math.max(0, Math.min(1, quality)) + NOISE_SD * gaussian(random);
    return Math.max(0.02, Math.min(0.995, c));
  }

  /**
   * Per-token logprobs for {@code tokens} tokens (at most {@value #MAX_TOKENS}), mean ln c; empty
   * without a score.
   */
  public static double[] tokenLogprobs(
      String promptId, String model, Double recordedScore, int tokens) {
    double c = confidence(promptId, model, recordedScore);
    int n = Math.max(1, Math.min(MAX_TOKENS, tokens));
    if (Double.isNaN(c)) {
      return new double[0];
    }
    SplittableRandom random = new SplittableRandom(seed(promptId, model) ^ 0x9E3779B97F4A7C15L);
    // Token i gets ln(c) · w_i with positive weights of mean 1: every value is a log-probability
    // (<= 0) and
    // their mean is exactly ln c.
    double[] weights = new double[n];
    double sum = 0;
    for (int i = 0; i < n; i++) {
      weights[i] = Math.exp(0.5 * gaussian(random));
      sum += weights[i];
    }
    double target = Math.log(c);
    double[] logprobs = new double[n];
    for (int i = 0; i < n; i++) {
      logprobs[i] = target * weights[i] * n / sum;
    }
    return logprobs;
  }

  private static long seed(String promptId, String model) {
    return ((long) String.valueOf(promptId).hashCode() << 32) ^ String.valueOf(model).hashCode();
  }

  private static double gaussian(SplittableRandom random) {
    // Box-Muller; SplittableRandom has no nextGaussian on Java 17.
    double u = 1 - random.nextDouble();
    double v = random.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
}
