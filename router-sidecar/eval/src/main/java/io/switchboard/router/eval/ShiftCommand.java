package io.switchboard.router.eval;

import io.switchboard.router.core.calibration.CalibrationFit;
import io.switchboard.router.core.features.PromptEncoder;
import io.switchboard.router.core.strategy.classifier.ClassifierTrainer;
import io.switchboard.router.core.strategy.classifier.RouterModelArtifact;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Distribution shift: trains the classifier on one data set (or some of its categories) and tests
 * it on other sets (or other categories of the same set) over the experts they share, reporting how
 * far quality, cost and calibration move from the in-distribution figures.
 */
@Command(
    name = "shift",
    description =
        "Train on one data set or its categories, test on another set or other categories over the"
            + " shared experts: in-distribution vs shifted quality, cost and ECE.")
final class ShiftCommand implements Callable<Integer> {

  @Mixin DatasetOptions options;

  @Option(
      names = "--categories",
      split = ",",
      description = "Train only on these categories of --dataset (default: every category).")
  List<String> categories = List.of();

  @Option(
      names = "--test",
      required = true,
      split = ",",
      description =
          "Shifted test slices: NAME (every prompt) or NAME@cat1+cat2 (only those categories).")
  List<String> tests;

  @Option(
      names = "--expert-map",
      split = ",",
      description =
          "Declared stand-ins FROM=TO: expert FROM of one set is evaluated as expert TO of another.")
  List<String> expertMap = List.of();

  @Option(
      names = "--strong",
      description = "Strong expert (canonical id; default: best on the training slice).")
  String strong;

  @Option(
      names = "--weak",
      description = "Weak expert (canonical id; default: the cheapest other one).")
  String weak;

  @Option(names = "--folds", defaultValue = "5", description = "CV folds on the training slice.")
  int folds;

  @Option(
      names = "--iterations",
      defaultValue = "150",
      description = "Gradient steps per logistic fit.")
  int iterations;

  @Option(
      names = "--calibrate-above",
      defaultValue = "" + CalibrationFit.DEFAULT_MAX_ECE,
      description = "Calibrate an expert's predictor when its out-of-fold ECE is above this.")
  double calibrateAbove;

  @Option(
      names = "--out",
      defaultValue = "target/eval",
      description = "Directory for the table (<train slice>.shift.md).")
  Path out;

  @Override
  public Integer call() throws Exception {
    if (options.datasets.size() != 1) {
      throw new EvalInputException("shift trains on one --dataset; test sets go in --test");
    }
    ExpertIdMap ids = ExpertIdMap.parse(expertMap);
    ShiftSlice trainSlice = ShiftSlice.of(options.datasets.get(0), categories);
    List<ShiftSlice> testSlices = tests.stream().map(ShiftSlice::parse).toList();
    try (PromptEncoder embedder = options.embedder()) {
      Map<String, Workbench> benches = new LinkedHashMap<>();
      benches.put(trainSlice.dataset(), open(trainSlice.dataset(), embedder));
      for (ShiftSlice slice : testSlices) {
        if (!benches.containsKey(slice.dataset())) {
          benches.put(slice.dataset(), open(slice.dataset(), embedder));
        }
      }
      Set<String> allExperts = new HashSet<>();
      List<List<String>> canonical = new ArrayList<>();
      for (Workbench bench : benches.values()) {
        allExperts.addAll(bench.set().experts());
        canonical.add(ids.canonicalExperts(bench.set().name(), bench.set().experts()));
      }
      ids.requireKnown(allExperts);
      List<String> shared = ExpertIdMap.shared(canonical);
      if (shared.size() < 2) {
        throw new EvalInputException(
            "the sets share "
                + shared
                + " after --expert-map: a router needs at least two shared experts");
      }
      Set<String> keep = Set.copyOf(shared);
      for (ShiftSlice slice : concat(trainSlice, testSlices)) {
        slice.requireCategoriesIn(
            benches.get(slice.dataset()).set().prompts().stream()
                .map(EvalPrompt::category)
                .collect(Collectors.toSet()));
      }

      Workbench trainBench = benches.get(trainSlice.dataset());
      List<EvalPrompt> trainSplit = map(trainBench.train(), ids, keep);
      List<EvalPrompt> heldOut = map(trainBench.test(), ids, keep);
      List<ShiftSplit> splits = new ArrayList<>();
      for (ShiftSlice slice : testSlices) {
        splits.add(
            ShiftSplit.of(
                trainSlice,
                trainSplit,
                heldOut,
                slice,
                map(benches.get(slice.dataset()).set().prompts(), ids, keep)));
      }
      ShiftSplit first = splits.get(0);
      Workbench trained =
          trainBench.restrict(trainSlice.label(), shared, first.train(), first.inDistribution());
      String[] pair = ClassifierTraining.defaultPair(trained, strong, weak);
      if (!keep.contains(pair[0]) || !keep.contains(pair[1])) {
        throw new EvalInputException(
            "--strong/--weak must be shared experts (canonical ids): " + shared);
      }
      ClassifierTrainer.Settings defaults = ClassifierTrainer.Settings.defaults(options.seed);
      RouterModelArtifact artifact =
          new ClassifierTraining(
                  defaults.withGrids(
                      defaults.l2Grid(),
                      defaults.sparseL2Grid(),
                      folds,
                      iterations,
                      options.seed,
                      options.encoderSpec()),
                  calibrateAbove)
              .train(trained, pair[0], pair[1]);
      System.err.printf(
          Locale.ROOT,
          "%s: classifier over %s, %s (CV APGR %.3f)%n",
          trainSlice.label(),
          shared,
          EvaluateCommand.ensembleSummary(artifact),
          artifact.training().cvApgr());

      ShiftReport report = new ShiftReport(artifact, shared, pair[0], pair[1]);
      ShiftReport.Measured in =
          report.measure(trainSlice.label(), first.inDistribution(), trainBench::features);
      List<String> lines = new ArrayList<>();
      for (int i = 0; i < testSlices.size(); i++) {
        ShiftSlice slice = testSlices.get(i);
        Workbench testBench = benches.get(slice.dataset());
        ShiftReport.Measured shifted =
            report.measure(slice.label(), splits.get(i).shifted(), testBench::features);
        for (ShiftReport.Row row : report.rows(in, shifted)) {
          lines.add(markdown(trainSlice, in, slice, shifted, row));
        }
      }
      print(System.out, trainSlice, shared, ids, pair, lines);
      writeTable(trainSlice, lines);
    }
    return 0;
  }

  private Workbench open(String dataset, PromptEncoder embedder) throws Exception {
    Path[] resolved = options.resolve(dataset);
    return options.open(resolved[0], resolved[1].toString(), embedder);
  }

  private static List<EvalPrompt> map(List<EvalPrompt> prompts, ExpertIdMap ids, Set<String> keep) {
    return prompts.stream()
        .map(p -> ids.apply(p, keep))
        .filter(p -> !p.quality().isEmpty())
        .toList();
  }

  private static List<ShiftSlice> concat(ShiftSlice first, List<ShiftSlice> rest) {
    List<ShiftSlice> all = new ArrayList<>(List.of(first));
    all.addAll(rest);
    return all;
  }

  static final String HEADER =
      "| train (in-dist. prompts) | test (shifted prompts) | method | training OOF | quality in |"
          + " quality shifted | Δ quality | cost in | cost shifted | Δ cost | ECE in | ECE shifted |";

  private static String markdown(
      ShiftSlice train,
      ShiftReport.Measured in,
      ShiftSlice test,
      ShiftReport.Measured shifted,
      ShiftReport.Row row) {
    boolean pair = Double.isNaN(row.qualityInAbsolute());
    return String.format(
        Locale.ROOT,
        "| %s (%d) | %s (%d) | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |",
        train.label(),
        in.prompts(),
        test.label(),
        shifted.prompts(),
        row.method(),
        fmt(row.trainingEstimate()),
        pair ? fmt(row.qualityIn()) : share(row.qualityIn(), row.qualityInAbsolute()),
        pair
            ? fmt(row.qualityShifted())
            : share(row.qualityShifted(), row.qualityShiftedAbsolute()),
        signed(row.qualityDelta()),
        pair ? fmt(row.costIn()) : share(row.costIn(), row.costInAbsolute()),
        pair ? fmt(row.costShifted()) : share(row.costShifted(), row.costShiftedAbsolute()),
        signed(row.costDelta()),
        pair
            ? String.format(Locale.ROOT, "%.3f (raw %.3f)", in.eceCalibrated(), in.eceRaw())
            : fmt(row.eceIn()),
        pair
            ? String.format(
                Locale.ROOT, "%.3f (raw %.3f)", shifted.eceCalibrated(), shifted.eceRaw())
            : fmt(row.eceShifted()));
  }

  private static String fmt(double value) {
    return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, "%.3f", value);
  }

  private static String signed(double value) {
    return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, "%+.3f", value);
  }

  private static String share(double share, double absolute) {
    return String.format(Locale.ROOT, "%.3f (%.3f)", share, absolute);
  }

  private void print(
      PrintStream table,
      ShiftSlice train,
      List<String> shared,
      ExpertIdMap ids,
      String[] pair,
      List<String> lines) {
    table.printf(
        Locale.ROOT,
        "%nshift: trained on %s over %s (strong %s, weak %s)%s%n",
        train.label(),
        shared,
        pair[0],
        pair[1],
        ids.entries().isEmpty()
            ? ""
            : "; declared stand-ins: "
                + ids.entries().entrySet().stream()
                    .map(e -> e.getKey() + " as " + e.getValue())
                    .collect(Collectors.joining(", ")));
    table.println(
        "  target rows: quality = achieved mean quality / always-strong's on the same prompts"
            + " (absolute), cost = $/1k / always-strong's ($/1k), ECE of the chosen expert's"
            + " predicted quality; training OOF = the target curve's out-of-fold expectation");
    table.println(
        "  pair row: quality = APGR, cost = CPT(80%) strong-call share, ECE pooled over every"
            + " expert's calibrated (raw) prediction; training OOF = CV APGR; n/a where the"
            + " strong expert is not better than the weak one on the slice (PGR undefined)");
    table.println(HEADER);
    table.println("|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    lines.forEach(table::println);
  }

  private void writeTable(ShiftSlice train, List<String> lines) throws Exception {
    Files.createDirectories(out);
    String name = train.label().replaceAll("[^A-Za-z0-9_.+-]+", "_");
    List<String> file = new ArrayList<>();
    file.add(HEADER);
    file.addAll(lines);
    Files.write(out.resolve(name + ".shift.md"), file);
  }
}
