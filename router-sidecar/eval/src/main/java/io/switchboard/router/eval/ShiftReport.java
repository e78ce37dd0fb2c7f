package io.switchboard.router.eval;

import io.switchboard.router.core.features.QueryFeatures;
import io.switchboard.router.core.strategy.classifier.PgrCurve;
import io.switchboard.router.core.strategy.classifier.QualityRouter;
import io.switchboard.router.core.strategy.classifier.RouterModelArtifact;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * One trained router measured on two prompt lists, in distribution and shifted: the quality-target
 * rows (achieved quality and cost as shares of always-strong on the same prompts, decision ECE),
 * the strong/weak pair curve (APGR, CPT 80 %) and the pooled ECE of every expert's predicted
 * quality. Shares of always-strong rather than absolute figures are compared, because the shifted
 * set's difficulty and prompt lengths differ from the training set's.
 */
final class ShiftReport {

  /** What one prompt list measured. */
  record Measured(
      int prompts,
      List<CalibrationReport.TargetRow> targets,
      double apgr,
      double cpt80,
      double strongCostPer1k,
      double eceRaw,
      double eceCalibrated) {}

  /** One printed row: a method, in distribution vs shifted. */
  record Row(
      String method,
      double trainingEstimate,
      double qualityIn,
      double qualityInAbsolute,
      double qualityShifted,
      double qualityShiftedAbsolute,
      double costIn,
      double costInAbsolute,
      double costShifted,
      double costShiftedAbsolute,
      double eceIn,
      double eceShifted) {

    double qualityDelta() {
      return qualityShifted - qualityIn;
    }

    double costDelta() {
      return costShifted - costIn;
    }
  }

  private final RouterModelArtifact artifact;
  private final List<String> experts;
  private final String strong;
  private final String weak;

  ShiftReport(RouterModelArtifact artifact, List<String> experts, String strong, String weak) {
    this.artifact = artifact;
    this.experts = experts;
    this.strong = strong;
    this.weak = weak;
  }

  Measured measure(String name, List<EvalPrompt> prompts, Function<EvalPrompt, QueryFeatures> f) {
    CalibrationReport calibration =
        new CalibrationReport(name, experts, prompts, f, artifact, strong);
    CalibrationReport.Pooled pooled = calibration.pooled();
    QualityRouter router = new QualityRouter(artifact);
    StrongWeakReport pair = new StrongWeakReport(name, strong, weak, prompts);
    // A shift can turn the pair around (the training set's strong expert is the weaker one on the
    // test slice): PGR has no meaning there, so the pair row says n/a instead of failing the run.
    double gap =
        pair.prompts().stream()
            .mapToDouble(p -> p.quality().get(strong) - p.quality().get(weak))
            .average()
            .orElse(0);
    PgrCurve curve =
        gap <= 0
            ? null
            : pair.add(
                new RouterScores(
                    "classifier",
                    pair.prompts().stream()
                        .mapToDouble(p -> router.needsStrongScore(f.apply(p)))
                        .toArray()));
    List<CalibrationReport.TargetRow> targets = calibration.targets();
    return new Measured(
        prompts.size(),
        targets,
        curve == null ? Double.NaN : curve.apgr(),
        curve == null ? Double.NaN : curve.callsToReach(0.8),
        targets.get(0).referenceCostPer1k(),
        pooled.raw().ece(),
        pooled.calibrated().ece());
  }

  /** The rows of one shift: each quality target, then the pair curve with the pooled ECE. */
  List<Row> rows(Measured in, Measured shifted) {
    List<Row> rows = new ArrayList<>();
    double strongTraining =
        artifact.experts().stream()
            .filter(e -> e.name().equals(strong))
            .mapToDouble(RouterModelArtifact.Expert::meanQuality)
            .findFirst()
            .orElse(Double.NaN);
    for (int i = 0; i < in.targets().size(); i++) {
      CalibrationReport.TargetRow a = in.targets().get(i);
      CalibrationReport.TargetRow b = shifted.targets().get(i);
      rows.add(
          new Row(
              String.format(Locale.ROOT, "target %.2f of %s", a.fraction(), shortName(strong)),
              a.oofExpected() / strongTraining,
              a.achievedFraction(),
              a.achievedQuality(),
              b.achievedFraction(),
              b.achievedQuality(),
              a.costPer1k() / a.referenceCostPer1k(),
              a.costPer1k(),
              b.costPer1k() / b.referenceCostPer1k(),
              b.costPer1k(),
              a.decisionEce(),
              b.decisionEce()));
    }
    rows.add(
        new Row(
            "pair score vs " + shortName(weak) + ": APGR, CPT(80%)",
            artifact.training().cvApgr(),
            in.apgr(),
            Double.NaN,
            shifted.apgr(),
            Double.NaN,
            in.cpt80(),
            Double.NaN,
            shifted.cpt80(),
            Double.NaN,
            in.eceCalibrated(),
            shifted.eceCalibrated()));
    return rows;
  }

  static String shortName(String expert) {
    return expert.substring(expert.lastIndexOf('/') + 1);
  }
}
