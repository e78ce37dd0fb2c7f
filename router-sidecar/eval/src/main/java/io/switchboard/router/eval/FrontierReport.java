package io.switchboard.router.eval;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Cost–quality frontier over a pool of more than two experts on held-out prompts: each operating
 * point of a router (average cost per 1k requests, mean quality, Gini of load) against every single
 * expert. Prompts an expert did not answer count with quality 0 for a router that sends them there
 * (the recorded set has a hole, the router took the risk).
 */
public final class FrontierReport {

  /** One operating point. */
  public record Point(
      String router, String setting, double costPer1k, double meanQuality, double gini) {}

  private final String dataset;
  private final List<String> experts;
  private final List<EvalPrompt> test;
  private final List<Point> points = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();

  public FrontierReport(String dataset, List<String> experts, List<EvalPrompt> test) {
    this.dataset = dataset;
    this.experts = experts;
    this.test = test;
  }

  /** Replays {@code decide} over the test prompts and records the resulting point. */
  public Point add(String router, String setting, Function<EvalPrompt, String> decide) {
    return addOutcomes(
        router,
        setting,
        p -> {
          String expert = decide.apply(p);
          return new StrategyReplay.Outcome(List.of(expert), expert, 0);
        });
  }

  /**
   * Replays a router that may call several experts per prompt (a cascade): every call is paid and
   * counts as load, the served answer's quality counts, and so does the outcome's extra cost (judge
   * calls).
   */
  Point addOutcomes(
      String router, String setting, Function<EvalPrompt, StrategyReplay.Outcome> replay) {
    Map<String, Integer> load = new LinkedHashMap<>();
    experts.forEach(e -> load.put(e, 0));
    double quality = 0;
    double cost = 0;
    for (EvalPrompt prompt : test) {
      StrategyReplay.Outcome outcome = replay.apply(prompt);
      for (String called : outcome.called()) {
        load.merge(called, 1, Integer::sum);
        cost += prompt.costUsd().getOrDefault(called, 0.0);
      }
      cost += outcome.extraCostUsd();
      quality += prompt.quality().getOrDefault(outcome.served(), 0.0);
    }
    Point point =
        new Point(
            router,
            setting,
            1000 * cost / test.size(),
            quality / test.size(),
            LoadGini.of(load.values()).value());
    points.add(point);
    return point;
  }

  /** A line printed under the table's title, e.g. how a replayed router was set up. */
  void note(String line) {
    notes.add(line);
  }

  public List<Point> points() {
    return points;
  }

  /** Shares of the best single expert's quality the reach table reports. */
  static final double[] REACH = {0.90, 0.95, 0.97};

  /**
   * One cell of the reach table: the cheapest measured operating point of a router at or above a
   * share of the best single expert's quality (null when none reaches it).
   */
  record Reach(String router, double share, Point point) {}

  /** For every router and share, its cheapest operating point reaching that share. */
  List<Reach> reach(double bestSingleQuality) {
    Map<String, List<Point>> byRouter = new LinkedHashMap<>();
    for (Point p : points) {
      if (!p.router().startsWith("always ")) {
        byRouter.computeIfAbsent(p.router(), r -> new ArrayList<>()).add(p);
      }
    }
    List<Reach> cells = new ArrayList<>();
    byRouter.forEach(
        (router, list) -> {
          for (double share : REACH) {
            Point cheapest = null;
            for (Point p : list) {
              if (p.meanQuality() >= share * bestSingleQuality
                  && (cheapest == null || p.costPer1k() < cheapest.costPer1k())) {
                cheapest = p;
              }
            }
            cells.add(new Reach(router, share, cheapest));
          }
        });
    return cells;
  }

  /**
   * The oracle's cost–quality frontier: per prompt {@code argmax_e q_e − λ · c_e} on the recorded
   * outcomes themselves, swept over λ. Each point is the cheapest mean cost at which perfect
   * knowledge of every outcome reaches its quality (exact on the convex hull of the per-prompt
   * choices).
   */
  void addOracleFrontier() {
    double[] lambdas = new double[25];
    for (int k = 1; k < lambdas.length; k++) {
      lambdas[k] = 1e-2 * Math.pow(1e6, (k - 1) / 23.0);
    }
    for (double lambda : lambdas) {
      add(
          "oracle frontier",
          String.format(Locale.ROOT, "l=%.3g", lambda),
          p -> {
            String best = null;
            double bestUtility = Double.NEGATIVE_INFINITY;
            for (String e : experts) {
              double u =
                  p.quality().getOrDefault(e, 0.0) - lambda * p.costUsd().getOrDefault(e, 0.0);
              if (u > bestUtility) {
                bestUtility = u;
                best = e;
              }
            }
            return best;
          });
    }
  }

  private void writeReach(Path outDir, PrintStream table) throws IOException {
    Point bestSingle =
        points.stream()
            .filter(p -> p.router().startsWith("always "))
            .max((a, b) -> Double.compare(a.meanQuality(), b.meanQuality()))
            .orElse(null);
    if (bestSingle == null) {
      return;
    }
    table.printf(
        Locale.ROOT,
        "%n%s: cost to reach a share of the best single expert (%s, quality %.4f at $%.4f/1k),"
            + " cheapest measured operating point, held-out%n",
        dataset,
        bestSingle.router().substring("always ".length()),
        bestSingle.meanQuality(),
        bestSingle.costPer1k());
    table.printf(
        Locale.ROOT,
        "%-40s %5s %-14s %10s %9s %8s   %s%n",
        "router",
        "share",
        "setting",
        "$/1k req",
        "of best $",
        "quality",
        "best single expert at or below that cost");
    List<String> csv = new ArrayList<>();
    csv.add(
        "dataset,router,share,setting,cost_per_1k,cost_share_of_best,mean_quality,"
            + "best_single_at_cost,best_single_quality_at_cost");
    for (Reach cell : reach(bestSingle.meanQuality())) {
      if (cell.point() == null) {
        table.printf(
            Locale.ROOT,
            "%-40s %5.2f %-14s %10s%n",
            cell.router(),
            cell.share(),
            "-",
            "not reached");
        csv.add(
            String.format(
                Locale.ROOT, "%s,\"%s\",%.2f,,,,,,", dataset, cell.router(), cell.share()));
        continue;
      }
      Point p = cell.point();
      Point single =
          points.stream()
              .filter(q -> q.router().startsWith("always ") && q.costPer1k() <= p.costPer1k())
              .max((a, b) -> Double.compare(a.meanQuality(), b.meanQuality()))
              .orElse(null);
      table.printf(
          Locale.ROOT,
          "%-40s %5.2f %-14s %10.4f %8.1f%% %8.4f   %s%n",
          cell.router(),
          cell.share(),
          p.setting(),
          p.costPer1k(),
          100 * p.costPer1k() / bestSingle.costPer1k(),
          p.meanQuality(),
          single == null
              ? "none"
              : String.format(
                  Locale.ROOT,
                  "%s %.4f",
                  single.router().substring("always ".length()),
                  single.meanQuality()));
      csv.add(
          String.format(
              Locale.ROOT,
              "%s,\"%s\",%.2f,%s,%.6f,%.6f,%.6f,%s,%s",
              dataset,
              cell.router(),
              cell.share(),
              p.setting(),
              p.costPer1k(),
              p.costPer1k() / bestSingle.costPer1k(),
              p.meanQuality(),
              single == null ? "" : single.router().substring("always ".length()),
              single == null ? "" : String.format(Locale.ROOT, "%.6f", single.meanQuality())));
    }
    Files.write(outDir.resolve(dataset + ".reach.csv"), csv);
  }

  public void write(Path outDir, PrintStream table) throws IOException {
    Files.createDirectories(outDir);
    table.printf(
        Locale.ROOT,
        "%n%s: cost-quality frontier over %d experts, %d held-out prompts%n",
        dataset,
        experts.size(),
        test.size());
    notes.forEach(line -> table.printf(Locale.ROOT, "  %s%n", line));
    table.printf(
        Locale.ROOT,
        "%-40s %-12s %10s %8s %6s%n",
        "router",
        "setting",
        "$/1k req",
        "quality",
        "Gini");
    List<String> csv = new ArrayList<>();
    csv.add("dataset,router,setting,cost_per_1k,mean_quality,gini");
    Map<String, List<Point>> byRouter = new LinkedHashMap<>();
    for (Point p : points) {
      table.printf(
          Locale.ROOT,
          "%-40s %-12s %10.4f %8.4f %6.3f%n",
          p.router(),
          p.setting(),
          p.costPer1k(),
          p.meanQuality(),
          p.gini());
      csv.add(
          String.format(
              Locale.ROOT,
              "%s,\"%s\",%s,%.6f,%.6f,%.4f",
              dataset,
              p.router(),
              p.setting(),
              p.costPer1k(),
              p.meanQuality(),
              p.gini()));
      byRouter
          .computeIfAbsent(
              p.router().startsWith("always ") ? "single experts" : p.router(),
              r -> new ArrayList<>())
          .add(p);
    }
    Files.write(outDir.resolve(dataset + ".frontier.csv"), csv);
    writeReach(outDir, table);
    SvgChart chart =
        new SvgChart(
            dataset + ": cost-quality frontier (held-out)", "USD per 1k requests", "mean quality");
    Map<String, Boolean> lines = new HashMap<>();
    byRouter.forEach(
        (router, list) -> {
          List<Point> sorted = new ArrayList<>(list);
          sorted.sort((a, b) -> Double.compare(a.costPer1k(), b.costPer1k()));
          lines.put(router, !router.equals("single experts") && sorted.size() > 1);
          chart.add(
              new SvgChart.Series(
                  router,
                  sorted.stream().mapToDouble(Point::costPer1k).toArray(),
                  sorted.stream().mapToDouble(Point::meanQuality).toArray(),
                  lines.get(router)));
        });
    chart.write(outDir.resolve(dataset + ".frontier.svg"));
  }
}
