package io.switchboard.router.eval;

import io.switchboard.router.core.strategy.classifier.CurvePoint;
import io.switchboard.router.core.strategy.classifier.PgrCurve;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * RouteLLM-style comparison on held-out prompts of one strong/weak pair: a {@link PgrCurve} per
 * router (APGR, CPT 50/80/95 %, cost per 1k requests) against always-strong and always-weak; writes
 * {@code <name>.curves.csv}, {@code <name>.summary.csv} and an SVG plot.
 */
public final class StrongWeakReport {

  private final String dataset;
  private final String strong;
  private final String weak;
  private final List<EvalPrompt> test;
  private final Map<String, PgrCurve> curves = new LinkedHashMap<>();
  private final Map<String, double[]> averaged = new LinkedHashMap<>();

  public StrongWeakReport(String dataset, String strong, String weak, List<EvalPrompt> test) {
    this.dataset = dataset;
    this.strong = strong;
    this.weak = weak;
    this.test = test.stream().filter(p -> p.answeredBy(strong) && p.answeredBy(weak)).toList();
  }

  /** Test prompts both experts answered, in the order scores must follow. */
  public List<EvalPrompt> prompts() {
    return test;
  }

  public PgrCurve add(RouterScores router) {
    double[] strongQuality = test.stream().mapToDouble(p -> p.quality().get(strong)).toArray();
    double[] weakQuality = test.stream().mapToDouble(p -> p.quality().get(weak)).toArray();
    double[] strongCost =
        test.stream().mapToDouble(p -> p.costUsd().getOrDefault(strong, 0.0)).toArray();
    double[] weakCost =
        test.stream().mapToDouble(p -> p.costUsd().getOrDefault(weak, 0.0)).toArray();
    PgrCurve curve = PgrCurve.of(router.scores(), strongQuality, weakQuality, strongCost, weakCost);
    curves.put(router.router(), curve);
    return curve;
  }

  /**
   * Adds a row averaging APGR and CPT over many score draws (e.g. 200 random routers, whose single
   * draw is noisy on small test sets); no curve is plotted for it.
   */
  public void addAveraged(String router, List<RouterScores> draws) {
    double[] sums = new double[4];
    for (RouterScores draw : draws) {
      PgrCurve curve = add(draw);
      curves.remove(draw.router());
      sums[0] += curve.apgr();
      sums[1] += curve.callsToReach(0.5);
      sums[2] += curve.callsToReach(0.8);
      sums[3] += curve.callsToReach(0.95);
    }
    for (int i = 0; i < sums.length; i++) {
      sums[i] /= draws.size();
    }
    averaged.put(router, sums);
  }

  public Map<String, PgrCurve> curves() {
    return curves;
  }

  public void write(Path outDir, PrintStream table) throws IOException {
    Files.createDirectories(outDir);
    PgrCurve any = curves.values().iterator().next();
    double strongCost = any.points().get(any.points().size() - 1).costPer1k();
    double weakCost = any.points().get(0).costPer1k();
    table.printf(
        Locale.ROOT,
        "%n%s: %s (strong, q=%.3f, $%.3f/1k) vs %s (weak, q=%.3f, $%.3f/1k), %d held-out prompts%n",
        dataset,
        strong,
        any.strongQuality(),
        strongCost,
        weak,
        any.weakQuality(),
        weakCost,
        test.size());
    table.printf(
        Locale.ROOT,
        "%-22s %6s %7s %7s %7s %12s%n",
        "router",
        "APGR",
        "CPT50",
        "CPT80",
        "CPT95",
        "$/1k@CPT80");
    List<String> summary = new ArrayList<>();
    summary.add(
        "dataset,router,apgr,cpt50,cpt80,cpt95,cost_per_1k_at_cpt80,strong_quality,weak_quality,test_prompts");
    List<String> points = new ArrayList<>();
    points.add("dataset,router,threshold,strong_share,mean_quality,pgr,cost_per_1k");
    SvgChart chart =
        new SvgChart(
            dataset + ": quality gap recovered vs share of strong calls (held-out)",
            "share of calls to " + strong,
            "PGR");
    for (Map.Entry<String, PgrCurve> entry : curves.entrySet()) {
      PgrCurve curve = entry.getValue();
      double cpt80 = curve.callsToReach(0.8);
      double costAt80 = weakCost + cpt80 * (strongCost - weakCost);
      table.printf(
          Locale.ROOT,
          "%-22s %6.3f %6.1f%% %6.1f%% %6.1f%% %12.3f%n",
          entry.getKey(),
          curve.apgr(),
          100 * curve.callsToReach(0.5),
          100 * cpt80,
          100 * curve.callsToReach(0.95),
          costAt80);
      summary.add(
          String.format(
              Locale.ROOT,
              "%s,%s,%.4f,%.4f,%.4f,%.4f,%.4f,%.4f,%.4f,%d",
              dataset,
              entry.getKey(),
              curve.apgr(),
              curve.callsToReach(0.5),
              cpt80,
              curve.callsToReach(0.95),
              costAt80,
              curve.strongQuality(),
              curve.weakQuality(),
              test.size()));
      for (CurvePoint p : curve.points()) {
        points.add(
            String.format(
                Locale.ROOT,
                "%s,%s,%.6f,%.4f,%.4f,%.4f,%.4f",
                dataset,
                entry.getKey(),
                p.threshold(),
                p.strongShare(),
                p.meanQuality(),
                p.pgr(),
                p.costPer1k()));
      }
      chart.add(
          new SvgChart.Series(
              entry.getKey(),
              curve.points().stream().mapToDouble(CurvePoint::strongShare).toArray(),
              curve.points().stream().mapToDouble(CurvePoint::pgr).toArray(),
              true));
    }
    for (Map.Entry<String, double[]> entry : averaged.entrySet()) {
      double[] m = entry.getValue();
      double costAt80 = weakCost + m[2] * (strongCost - weakCost);
      table.printf(
          Locale.ROOT,
          "%-22s %6.3f %6.1f%% %6.1f%% %6.1f%% %12.3f%n",
          entry.getKey(),
          m[0],
          100 * m[1],
          100 * m[2],
          100 * m[3],
          costAt80);
      summary.add(
          String.format(
              Locale.ROOT,
              "%s,%s,%.4f,%.4f,%.4f,%.4f,%.4f,%.4f,%.4f,%d",
              dataset,
              entry.getKey(),
              m[0],
              m[1],
              m[2],
              m[3],
              costAt80,
              any.strongQuality(),
              any.weakQuality(),
              test.size()));
    }
    table.printf(
        Locale.ROOT,
        "%-22s %6s %7s %7s %7s %12.3f%n",
        "always-strong",
        "-",
        "",
        "",
        "",
        strongCost);
    table.printf(
        Locale.ROOT, "%-22s %6s %7s %7s %7s %12.3f%n", "always-weak", "-", "", "", "", weakCost);
    Files.write(outDir.resolve(dataset + ".summary.csv"), summary);
    Files.write(outDir.resolve(dataset + ".curves.csv"), points);
    chart.write(outDir.resolve(dataset + ".pgr.svg"));
  }
}
