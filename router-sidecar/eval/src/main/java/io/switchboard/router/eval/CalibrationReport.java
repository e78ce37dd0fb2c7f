package io.switchboard.router.eval;

import io.switchboard.router.core.calibration.CalibrationError;
import io.switchboard.router.core.features.QueryFeatures;
import io.switchboard.router.core.spi.Decision;
import io.switchboard.router.core.strategy.classifier.ClassifierStrategy;
import io.switchboard.router.core.strategy.classifier.QualityRouter;
import io.switchboard.router.core.strategy.classifier.RouterModelArtifact;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Calibration of the classifier's predicted quality and the quality-target knob, on held-out
 * prompts only (the model, its calibration maps and its target curve saw the training split only).
 *
 * <ul>
 *   <li>ECE (10 equal-width bins) of every (prompt, expert) prediction with a recorded outcome, raw
 *       and calibrated, pooled and per expert, next to what training measured out of fold; and of
 *       the chosen expert's predicted quality as the target decisions carry it. A reliability
 *       diagram (SVG) per data set.
 *   <li>For targets of 0.90 / 0.95 / 0.98 of a reference expert's training quality: the quality and
 *       cost the router achieved on the held-out prompts, as a share of the reference's held-out
 *       quality and cost, and the gap between achieved and target.
 * </ul>
 */
final class CalibrationReport {

  static final double[] TARGETS = {0.90, 0.95, 0.98};

  /** One target's held-out outcome. */
  record TargetRow(
      double fraction,
      double absoluteTarget,
      double oofExpected,
      boolean reachable,
      double achievedQuality,
      double costPer1k,
      double referenceQuality,
      double referenceCostPer1k,
      double decisionEce) {

    /** Achieved quality as a share of the reference expert's held-out quality. */
    double achievedFraction() {
      return achievedQuality / referenceQuality;
    }

    double gap() {
      return achievedFraction() - fraction;
    }
  }

  private final String dataset;
  private final List<String> experts;
  private final List<EvalPrompt> test;
  private final Function<EvalPrompt, QueryFeatures> features;
  private final QualityRouter router;
  private final String reference;

  CalibrationReport(
      String dataset,
      List<String> experts,
      List<EvalPrompt> test,
      Function<EvalPrompt, QueryFeatures> features,
      RouterModelArtifact artifact,
      String reference) {
    this.dataset = dataset;
    this.experts = experts;
    this.test = test;
    this.features = features;
    this.router = new QualityRouter(artifact);
    this.reference = reference;
  }

  /** The target rows, replayed through {@link ClassifierStrategy#decide} as the router runs it. */
  List<TargetRow> targets() {
    double referenceQuality =
        test.stream()
            .mapToDouble(p -> p.quality().getOrDefault(reference, 0.0))
            .average()
            .orElse(0);
    double referenceCost =
        1000
            * test.stream()
                .mapToDouble(p -> p.costUsd().getOrDefault(reference, 0.0))
                .average()
                .orElse(0);
    List<TargetRow> rows = new ArrayList<>();
    for (double fraction : TARGETS) {
      double absolute = fraction * router.trainingQuality(reference);
      ClassifierStrategy strategy =
          new ClassifierStrategy(router, 0, ClassifierStrategy.target(router, absolute), null);
      double quality = 0;
      double cost = 0;
      double[] predicted = new double[test.size()];
      double[] observed = new double[test.size()];
      for (int i = 0; i < test.size(); i++) {
        EvalPrompt p = test.get(i);
        Decision d = strategy.decide(features.apply(p), experts);
        double q = p.quality().getOrDefault(d.expert(), 0.0);
        quality += q;
        cost += p.costUsd().getOrDefault(d.expert(), 0.0);
        predicted[i] = d.predictedQuality().orElse(Double.NaN);
        observed[i] = q;
      }
      rows.add(
          new TargetRow(
              fraction,
              absolute,
              strategy.target().resolution().expectedQuality(),
              strategy.target().resolution().reachable(),
              quality / test.size(),
              1000 * cost / test.size(),
              referenceQuality,
              referenceCost,
              CalibrationError.of(predicted, observed).ece()));
    }
    return rows;
  }

  /** Pooled over every (prompt, expert) pair with a recorded outcome: raw and calibrated. */
  record Pooled(CalibrationError raw, CalibrationError calibrated) {}

  Pooled pooled() {
    List<Double> raw = new ArrayList<>();
    List<Double> cal = new ArrayList<>();
    List<Double> obs = new ArrayList<>();
    for (EvalPrompt p : test) {
      Map<String, Double> rawQuality = router.predictRawQuality(features.apply(p));
      Map<String, Double> calQuality = router.predictQuality(features.apply(p));
      for (String expert : experts) {
        Double q = p.quality().get(expert);
        if (q != null && rawQuality.containsKey(expert)) {
          raw.add(rawQuality.get(expert));
          cal.add(calQuality.get(expert));
          obs.add(q);
        }
      }
    }
    return new Pooled(
        CalibrationError.of(array(raw), array(obs)), CalibrationError.of(array(cal), array(obs)));
  }

  void write(Path outDir, PrintStream table) throws IOException {
    Files.createDirectories(outDir);
    List<String> csv = new ArrayList<>();
    csv.add("dataset,predictor,pairs,ece_raw,ece_calibrated,method,oof_ece,oof_calibrated_ece");
    table.printf(
        Locale.ROOT,
        "%n%s: calibration of predicted quality on %d held-out prompts (ECE, 10 equal-width bins)%n",
        dataset,
        test.size());
    table.printf(
        Locale.ROOT,
        "%-32s %6s %8s %8s   %-9s %s%n",
        "predictor",
        "pairs",
        "ECE raw",
        "ECE cal",
        "method",
        "training out of fold: ECE raw -> cross-fitted after");
    Map<String, RouterModelArtifact.Calibration> fitted = new HashMap<>();
    router.artifact().experts().forEach(e -> fitted.put(e.name(), e.calibration()));
    List<Double> pooledRaw = new ArrayList<>();
    List<Double> pooledCal = new ArrayList<>();
    List<Double> pooledObs = new ArrayList<>();
    List<String> expertLines = new ArrayList<>();
    for (String expert : experts) {
      List<Double> raw = new ArrayList<>();
      List<Double> cal = new ArrayList<>();
      List<Double> obs = new ArrayList<>();
      for (EvalPrompt p : test) {
        Double q = p.quality().get(expert);
        if (q == null) {
          continue;
        }
        raw.add(router.predictRawQuality(features.apply(p)).get(expert));
        cal.add(router.predictQuality(features.apply(p)).get(expert));
        obs.add(q);
      }
      pooledRaw.addAll(raw);
      pooledCal.addAll(cal);
      pooledObs.addAll(obs);
      double eceRaw = CalibrationError.of(array(raw), array(obs)).ece();
      double eceCal = CalibrationError.of(array(cal), array(obs)).ece();
      RouterModelArtifact.Calibration c = fitted.get(expert);
      String line =
          String.format(
              Locale.ROOT,
              "%-32s %6d %8.4f %8.4f   %-9s %.4f -> %.4f",
              shortName(expert),
              obs.size(),
              eceRaw,
              eceCal,
              c == null ? "-" : c.method(),
              c == null ? Double.NaN : c.outOfFoldEce(),
              c == null ? Double.NaN : c.calibratedEce());
      expertLines.add(line);
      csv.add(
          String.format(
              Locale.ROOT,
              "%s,%s,%d,%.6f,%.6f,%s,%.6f,%.6f",
              dataset,
              expert,
              obs.size(),
              eceRaw,
              eceCal,
              c == null ? "" : c.method(),
              c == null ? Double.NaN : c.outOfFoldEce(),
              c == null ? Double.NaN : c.calibratedEce()));
    }
    CalibrationError pooledRawError = CalibrationError.of(array(pooledRaw), array(pooledObs));
    CalibrationError pooledCalError = CalibrationError.of(array(pooledCal), array(pooledObs));
    table.printf(
        Locale.ROOT,
        "%-32s %6d %8.4f %8.4f%n",
        "every expert, pooled",
        pooledObs.size(),
        pooledRawError.ece(),
        pooledCalError.ece());
    expertLines.forEach(table::println);
    csv.add(
        String.format(
            Locale.ROOT,
            "%s,pooled,%d,%.6f,%.6f,,,",
            dataset,
            pooledObs.size(),
            pooledRawError.ece(),
            pooledCalError.ece()));
    Files.write(outDir.resolve(dataset + ".calibration.csv"), csv);
    reliability(pooledRawError, pooledCalError).write(outDir.resolve(dataset + ".reliability.svg"));

    List<TargetRow> rows = targets();
    table.printf(
        Locale.ROOT,
        "%n%s: quality target = fraction of %s's training quality, every expert a candidate,"
            + " held-out prompts%n",
        dataset,
        shortName(reference));
    table.printf(
        Locale.ROOT,
        "%-7s %8s %9s %9s %10s %9s %9s %10s %9s %8s%n",
        "target",
        "absolute",
        "OOF exp.",
        "achieved",
        "of ref.",
        "gap",
        "$/1k",
        "ref $/1k",
        "cost share",
        "ECE dec.");
    List<String> targetCsv = new ArrayList<>();
    targetCsv.add(
        "dataset,reference,target_fraction,target_absolute,oof_expected,reachable,achieved_quality,"
            + "achieved_fraction,gap,cost_per_1k,reference_quality,reference_cost_per_1k,decision_ece");
    for (TargetRow r : rows) {
      table.printf(
          Locale.ROOT,
          "%-7.2f %8.4f %9.4f %9.4f %10.4f %+9.4f %9.4f %10.4f %9.3f %8.4f%s%n",
          r.fraction(),
          r.absoluteTarget(),
          r.oofExpected(),
          r.achievedQuality(),
          r.achievedFraction(),
          r.gap(),
          r.costPer1k(),
          r.referenceCostPer1k(),
          r.costPer1k() / r.referenceCostPer1k(),
          r.decisionEce(),
          r.reachable() ? "" : "  (unreachable out of fold: best point used)");
      targetCsv.add(
          String.format(
              Locale.ROOT,
              "%s,%s,%.2f,%.6f,%.6f,%s,%.6f,%.6f,%.6f,%.6f,%.6f,%.6f,%.6f",
              dataset,
              reference,
              r.fraction(),
              r.absoluteTarget(),
              r.oofExpected(),
              r.reachable(),
              r.achievedQuality(),
              r.achievedFraction(),
              r.gap(),
              r.costPer1k(),
              r.referenceQuality(),
              r.referenceCostPer1k(),
              r.decisionEce()));
    }
    Files.write(outDir.resolve(dataset + ".target.csv"), targetCsv);
  }

  private SvgChart reliability(CalibrationError raw, CalibrationError calibrated) {
    SvgChart chart =
        new SvgChart(
            String.format(
                Locale.ROOT,
                "%s: reliability, held-out (ECE raw %.3f, calibrated %.3f)",
                dataset,
                raw.ece(),
                calibrated.ece()),
            "mean predicted quality (bin)",
            "mean recorded quality (bin)");
    chart.add(
        new SvgChart.Series("perfect calibration", new double[] {0, 1}, new double[] {0, 1}, true));
    chart.add(series("raw logistic", raw));
    chart.add(series("calibrated", calibrated));
    return chart;
  }

  private static SvgChart.Series series(String name, CalibrationError error) {
    List<CalibrationError.Bin> bins = error.bins().stream().filter(b -> b.count() > 0).toList();
    return new SvgChart.Series(
        name,
        bins.stream().mapToDouble(CalibrationError.Bin::meanPredicted).toArray(),
        bins.stream().mapToDouble(CalibrationError.Bin::meanObserved).toArray(),
        true);
  }

  private static double[] array(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).toArray();
  }

  private static String shortName(String expert) {
    return expert.substring(expert.lastIndexOf('/') + 1);
  }
}
