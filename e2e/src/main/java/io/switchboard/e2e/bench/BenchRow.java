package io.switchboard.e2e.bench;

import java.util.List;
import org.HdrHistogram.Histogram;

/** One phase of {@link OperatorScaleBench}: throughput and change-to-ConfigMap latency. */
record BenchRow(
    String phase,
    int complete,
    int total,
    double perSecond,
    double p50,
    double p90,
    double p99,
    double max) {

  static BenchRow of(String phase, int complete, int total, double perSecond, Histogram micros) {
    return new BenchRow(
        phase,
        complete,
        total,
        perSecond,
        micros.getValueAtPercentile(50) / 1000.0,
        micros.getValueAtPercentile(90) / 1000.0,
        micros.getValueAtPercentile(99) / 1000.0,
        micros.getMaxValue() / 1000.0);
  }

  /**
   * Both runs, phase by phase, and the ratios the target is stated in: operator throughput over the
   * baseline's (higher is better) and operator latency over the baseline's (lower is better).
   */
  static void print(List<BenchRow> baseline, List<BenchRow> operator) {
    System.out.printf(
        "%-40s %-9s %9s %10s %9s %9s %9s %9s%n",
        "phase", "who", "objects", "per second", "p50 ms", "p90 ms", "p99 ms", "max ms");
    for (int i = 0; i < operator.size(); i++) {
      baseline.get(i).printAs("baseline");
      operator.get(i).printAs("operator");
    }
    System.out.println();
    System.out.printf(
        "%-40s %16s %14s %14s%n",
        "operator / baseline", "throughput", "p50 latency", "p99 latency");
    for (int i = 0; i < operator.size(); i++) {
      BenchRow b = baseline.get(i);
      BenchRow o = operator.get(i);
      System.out.printf(
          "%-40s %15.2fx %13.2fx %13.2fx%n",
          o.phase(), o.perSecond() / b.perSecond(), o.p50() / b.p50(), o.p99() / b.p99());
    }
  }

  private void printAs(String who) {
    System.out.printf(
        "%-40s %-9s %9s %10.1f %9.1f %9.1f %9.1f %9.1f%n",
        phase, who, complete + "/" + total, perSecond, p50, p90, p99, max);
  }
}
