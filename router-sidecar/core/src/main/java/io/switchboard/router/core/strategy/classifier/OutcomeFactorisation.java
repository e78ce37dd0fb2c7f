package io.switchboard.router.core.strategy.classifier;

import io.switchboard.router.core.support.StandardNormal;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Matrix factorisation of recorded outcomes, after RouteLLM's MF router: every expert {@code m} has
 * a factor {@code vₘ} and bias {@code bₘ}, every prompt is projected to {@code P·x} (x its
 * standardised embedding, P shared by all experts), and {@code P(m answers well) = σ(bₘ + vₘ ·
 * P·x)}. Fitted on the outcomes of <em>every</em> expert of a pool at once, so the projection is
 * shaped by what separates all of them, not only the strong/weak pair: with one expert per logistic
 * model, ten other experts' outcomes say nothing about the pair. Full-batch Adam on the
 * cross-entropy with soft labels (recorded quality in [0, 1]) and an L2 penalty; missing outcomes
 * are skipped.
 */
final class OutcomeFactorisation {

  private static final double BETA1 = 0.9;
  private static final double BETA2 = 0.999;

  private final float[] mean;
  private final float[] deviation;
  private final float[][] projection; // rank × dims
  private final float[][] factors; // experts × rank
  private final float[] biases;

  OutcomeFactorisation(
      float[] mean, float[] deviation, float[][] projection, float[][] factors, float[] biases) {
    this.mean = mean;
    this.deviation = deviation;
    this.projection = projection;
    this.factors = factors;
    this.biases = biases;
  }

  /**
   * @param inputs one embedding per prompt
   * @param quality {@code [prompt][expert]} recorded quality in [0, 1], NaN where not recorded
   */
  static OutcomeFactorisation fit(
      List<float[]> inputs,
      double[][] quality,
      int rank,
      double l2,
      int iterations,
      double learningRate,
      long seed) {
    int n = inputs.size();
    int dims = inputs.get(0).length;
    int experts = quality[0].length;
    float[] mean = new float[dims];
    float[] deviation = new float[dims];
    for (float[] x : inputs) {
      for (int d = 0; d < dims; d++) {
        mean[d] += x[d] / n;
      }
    }
    for (float[] x : inputs) {
      for (int d = 0; d < dims; d++) {
        deviation[d] += (x[d] - mean[d]) * (x[d] - mean[d]) / n;
      }
    }
    for (int d = 0; d < dims; d++) {
      deviation[d] = (float) Math.sqrt(deviation[d]) + 1e-6f;
    }
    float[][] x = new float[n][];
    for (int i = 0; i < n; i++) {
      x[i] = standardise(inputs.get(i), mean, deviation);
    }
    int recorded = 0;
    for (double[] row : quality) {
      for (double q : row) {
        recorded += Double.isNaN(q) ? 0 : 1;
      }
    }
    SplittableRandom random = new SplittableRandom(seed);
    double[][] p = gaussian(rank, dims, 0.01, random);
    double[][] v = gaussian(experts, rank, 0.1, random);
    double[] b = new double[experts];
    Adam adamP = new Adam(rank * dims);
    Adam adamV = new Adam(experts * rank);
    Adam adamB = new Adam(experts);

    double[][] h = new double[n][rank];
    for (int step = 1; step <= iterations; step++) {
      for (int i = 0; i < n; i++) {
        for (int r = 0; r < rank; r++) {
          double s = 0;
          for (int d = 0; d < dims; d++) {
            s += p[r][d] * x[i][d];
          }
          h[i][r] = s;
        }
      }
      double[][] gv = new double[experts][rank];
      double[] gb = new double[experts];
      double[][] gh = new double[n][rank];
      for (int i = 0; i < n; i++) {
        for (int m = 0; m < experts; m++) {
          double q = quality[i][m];
          if (Double.isNaN(q)) {
            continue;
          }
          double z = b[m];
          for (int r = 0; r < rank; r++) {
            z += v[m][r] * h[i][r];
          }
          double g = (LogisticRegression.sigmoid(z) - q) / recorded;
          gb[m] += g;
          for (int r = 0; r < rank; r++) {
            gv[m][r] += g * h[i][r];
            gh[i][r] += g * v[m][r];
          }
        }
      }
      double[][] gp = new double[rank][dims];
      for (int i = 0; i < n; i++) {
        for (int r = 0; r < rank; r++) {
          double g = gh[i][r];
          if (g != 0) {
            for (int d = 0; d < dims; d++) {
              gp[r][d] += g * x[i][d];
            }
          }
        }
      }
      for (int r = 0; r < rank; r++) {
        for (int d = 0; d < dims; d++) {
          gp[r][d] += l2 * p[r][d] / n;
        }
      }
      for (int m = 0; m < experts; m++) {
        for (int r = 0; r < rank; r++) {
          gv[m][r] += l2 * v[m][r] / n;
        }
      }
      adamP.step(p, gp, learningRate, step);
      adamV.step(v, gv, learningRate, step);
      adamB.step(new double[][] {b}, new double[][] {gb}, learningRate, step);
    }
    return new OutcomeFactorisation(mean, deviation, narrow(p), narrow(v), narrowRow(b));
  }

  /** {@code P(expert answers well)} for each expert, in the order the outcomes were given. */
  double[] predict(float[] embedding) {
    float[] x = standardise(embedding, mean, deviation);
    double[] h = new double[projection.length];
    for (int r = 0; r < h.length; r++) {
      double s = 0;
      for (int d = 0; d < x.length; d++) {
        s += projection[r][d] * x[d];
      }
      h[r] = s;
    }
    double[] out = new double[factors.length];
    for (int m = 0; m < out.length; m++) {
      double z = biases[m];
      for (int r = 0; r < h.length; r++) {
        z += factors[m][r] * h[r];
      }
      out[m] = LogisticRegression.sigmoid(z);
    }
    return out;
  }

  /**
   * Predicted quality of {@code strong} minus that of {@code weak}: the pair's "needs strong"
   * score.
   */
  double gap(float[] embedding, int strong, int weak) {
    double[] predicted = predict(embedding);
    return predicted[strong] - predicted[weak];
  }

  /** Only the two experts' factors: what a strong/weak router needs to keep. */
  OutcomeFactorisation pair(int strong, int weak) {
    return new OutcomeFactorisation(
        mean,
        deviation,
        projection,
        new float[][] {factors[strong], factors[weak]},
        new float[] {biases[strong], biases[weak]});
  }

  int rank() {
    return projection.length;
  }

  float[] mean() {
    return mean;
  }

  float[] deviation() {
    return deviation;
  }

  float[][] projection() {
    return projection;
  }

  float[][] factors() {
    return factors;
  }

  float[] biases() {
    return biases;
  }

  private static float[] standardise(float[] x, float[] mean, float[] deviation) {
    float[] out = new float[x.length];
    for (int d = 0; d < x.length; d++) {
      out[d] = (x[d] - mean[d]) / deviation[d];
    }
    return out;
  }

  private static double[][] gaussian(int rows, int cols, double scale, SplittableRandom random) {
    double[][] m = new double[rows][cols];
    for (double[] row : m) {
      for (int c = 0; c < cols; c++) {
        row[c] = scale * StandardNormal.draw(random);
      }
    }
    return m;
  }

  private static float[][] narrow(double[][] m) {
    float[][] out = new float[m.length][];
    for (int i = 0; i < m.length; i++) {
      out[i] = narrowRow(m[i]);
    }
    return out;
  }

  private static float[] narrowRow(double[] row) {
    float[] out = new float[row.length];
    for (int i = 0; i < row.length; i++) {
      out[i] = (float) row[i];
    }
    return out;
  }

  /** Adam moments of one parameter block, updated in place. */
  private static final class Adam {
    private final double[] first;
    private final double[] second;

    Adam(int size) {
      first = new double[size];
      second = new double[size];
    }

    void step(double[][] params, double[][] grads, double learningRate, int t) {
      double correction1 = 1 - Math.pow(BETA1, t);
      double correction2 = 1 - Math.pow(BETA2, t);
      int k = 0;
      for (int i = 0; i < params.length; i++) {
        for (int j = 0; j < params[i].length; j++, k++) {
          double g = grads[i][j];
          first[k] = BETA1 * first[k] + (1 - BETA1) * g;
          second[k] = BETA2 * second[k] + (1 - BETA2) * g * g;
          params[i][j] -=
              learningRate * (first[k] / correction1) / (Math.sqrt(second[k] / correction2) + 1e-8);
        }
      }
    }
  }
}
