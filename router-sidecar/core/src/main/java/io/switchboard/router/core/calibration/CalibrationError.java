package io.switchboard.router.core.calibration;

import java.util.ArrayList;
import java.util.List;

/**
 * Expected calibration error over {@code bins} equal-width bins of the prediction: {@code ECE = Σ_b
 * (n_b / n) · |mean predicted_b − mean observed_b|}. Observations may be soft (a graded score in
 * [0, 1]): the bin's mean observed quality is then what a calibrated predictor should have said.
 */
public final class CalibrationError {

  /** One bin of the reliability diagram. */
  public record Bin(
      double lower, double upper, int count, double meanPredicted, double meanObserved) {}

  private final List<Bin> bins;
  private final double ece;
  private final int samples;

  private CalibrationError(List<Bin> bins, double ece, int samples) {
    this.bins = bins;
    this.ece = ece;
    this.samples = samples;
  }

  /** The usual 10 bins. */
  public static CalibrationError of(double[] predicted, double[] observed) {
    return of(predicted, observed, 10);
  }

  public static CalibrationError of(double[] predicted, double[] observed, int binCount) {
    if (predicted.length != observed.length) {
      throw new IllegalArgumentException(
          predicted.length + " predictions but " + observed.length + " observations");
    }
    if (binCount < 1) {
      throw new IllegalArgumentException("need at least one bin");
    }
    int[] count = new int[binCount];
    double[] sumPredicted = new double[binCount];
    double[] sumObserved = new double[binCount];
    for (int i = 0; i < predicted.length; i++) {
      double p = Math.min(1, Math.max(0, predicted[i]));
      // The last bin is closed on the right, so a prediction of exactly 1 is counted.
      int b = Math.min(binCount - 1, (int) Math.floor(p * binCount));
      count[b]++;
      sumPredicted[b] += p;
      sumObserved[b] += observed[i];
    }
    List<Bin> bins = new ArrayList<>(binCount);
    double ece = 0;
    for (int b = 0; b < binCount; b++) {
      double meanPredicted = count[b] == 0 ? Double.NaN : sumPredicted[b] / count[b];
      double meanObserved = count[b] == 0 ? Double.NaN : sumObserved[b] / count[b];
      bins.add(
          new Bin(
              (double) b / binCount,
              (double) (b + 1) / binCount,
              count[b],
              meanPredicted,
              meanObserved));
      if (count[b] > 0) {
        ece += (double) count[b] / predicted.length * Math.abs(meanPredicted - meanObserved);
      }
    }
    return new CalibrationError(
        List.copyOf(bins), predicted.length == 0 ? 0 : ece, predicted.length);
  }

  public double ece() {
    return ece;
  }

  public List<Bin> bins() {
    return bins;
  }

  public int samples() {
    return samples;
  }
}
