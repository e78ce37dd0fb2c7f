package io.switchboard.simulated.answer;

import java.util.SplittableRandom;

/**
 * Token log-probabilities for a simulated answer, so that logprob-based confidence (a cascade's
 * first stage) has something to read. <b>Simulated</b>: the datasets record a quality score per
 * prompt and model, not the model's token probabilities, so confidence is drawn from a signal whose
 * quality is declared, as an AUROC (how well it separates correct from wrong answers):
 *
 * <pre>
 *   d' = √2 · Φ⁻¹(auroc)
 *   z  = d' · (q − ½) + N(0, 1)          q = recorded quality in [0, 1]
 *   c  = logistic({@value #CENTER} + z)
 * </pre>
 *
 * For 0/1 scores the correct answers' z is N(+d'/2, 1) and the wrong ones' N(−d'/2, 1), so
 * P(z_correct &gt; z_wrong) = Φ(d'/√2) = auroc exactly in expectation (the logistic is monotone and
 * keeps the order); partial scores interpolate linearly. {@value #CENTER} puts the median answer at
 * c ≈ 0.73, where real models' mean token probability on short answers sits, so the cascade's
 * threshold keeps its meaning.
 *
 * <p>The default {@value #DEFAULT_AUROC} reproduces published figures: logprob /
 * sequence-likelihood confidence predicts answer correctness with an AUROC of roughly 0.7–0.8
 * (Kuhn, Gal, Farquhar 2023, "Semantic Uncertainty", ICLR: length-normalised predictive entropy on
 * TriviaQA and CoQA with OPT models; Kadavath et al. 2022, "Language Models (Mostly) Know What They
 * Know", for the same order of magnitude without self-evaluation). The previous model ({@code 0.35
 * + 0.6 · score + noise}) had an AUROC of about 0.998, an oracle no deployment has.
 *
 * <p>The tokens' logprobs vary around ln(c) with mean exactly ln c, so the geometric-mean token
 * probability a cascade computes is c. Seeded by prompt and model, so a replay is reproducible. An
 * answer without a recorded score gets no logprobs at all, as from a server that does not return
 * them.
 */
public final class SimulatedConfidence {

  /** The declared default: the middle of the published 0.7–0.8 range. */
  public static final double DEFAULT_AUROC = 0.75;

  static final double CENTER = 1.0;

  /** AUROC 1 would need infinite separation; this one misorders about one pair in 10⁹. */
  private static final double MAX_AUROC = 1 - 1e-9;

  private static final int MAX_TOKENS = 32;

  private final double auroc;
  private final double separation;

  public SimulatedConfidence(double auroc) {
    if (!(auroc > 0.5 && auroc <= 1)) {
      throw new IllegalArgumentException("confidence AUROC must be in (0.5, 1], got " + auroc);
    }
    this.auroc = auroc;
    this.separation = Math.sqrt(2) * Normal.quantile(Math.min(auroc, MAX_AUROC));
  }

  public double auroc() {
    return auroc;
  }

  /** The confidence c for this prompt and model, or NaN without a recorded score. */
  public double confidence(String promptId, String model, Double recordedScore) {
    if (recordedScore == null || recordedScore.isNaN()) {
      return Double.NaN;
    }
    SplittableRandom random = new SplittableRandom(seed(promptId, model));
    double z = separation * (quality(recordedScore) - 0.5) + Normal.sample(random);
    return 1 / (1 + Math.exp(-(CENTER + z)));
  }

  /**
   * Per-token logprobs for {@code tokens} tokens (at most {@value #MAX_TOKENS}), mean ln c; empty
   * without a score.
   */
  public double[] tokenLogprobs(String promptId, String model, Double recordedScore, int tokens) {
    double c = confidence(promptId, model, recordedScore);
    int n = Math.max(1, Math.min(MAX_TOKENS, tokens));
    if (Double.isNaN(c)) {
      return new double[0];
    }
    SplittableRandom random = new SplittableRandom(seed(promptId, model) ^ 0x9E3779B97F4A7C15L);
    // Token i gets ln(c) · w_i with positive weights of mean 1: every value is a log-probability
    // (<= 0) and their mean is exactly ln c.
    double[] weights = new double[n];
    double sum = 0;
    for (int i = 0; i < n; i++) {
      weights[i] = Math.exp(0.5 * Normal.sample(random));
      sum += weights[i];
    }
    double target = Math.log(c);
    double[] logprobs = new double[n];
    for (int i = 0; i < n; i++) {
      logprobs[i] = target * weights[i] * n / sum;
    }
    return logprobs;
  }

  /** Scores are 0/1 or 0..1, except judge scores of 1..10 (MT-Bench), rescaled as (s - 1) / 9. */
  static double quality(double recordedScore) {
    double quality = recordedScore > 1 ? (recordedScore - 1) / 9 : recordedScore;
    return Math.max(0, Math.min(1, quality));
  }

  private static long seed(String promptId, String model) {
    return ((long) String.valueOf(promptId).hashCode() << 32) ^ String.valueOf(model).hashCode();
  }
}
