package io.switchboard.router.eval;

import io.switchboard.router.core.features.PromptEncoder;
import io.switchboard.router.core.strategy.classifier.ClassifierStrategy;
import io.switchboard.router.core.strategy.classifier.ClassifierTrainer;
import io.switchboard.router.core.strategy.classifier.QualityRouter;
import io.switchboard.router.core.strategy.classifier.RouterModelArtifact;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Replays held-out prompts through the routers and reports RouteLLM's metrics (and, for pools of
 * more than two experts, the cost–quality frontier). The classifier is trained on the training
 * split only, with hyperparameters chosen by cross-validation inside it.
 */
@Command(
    name = "evaluate",
    description = "Cost-quality curves, APGR, CPT, cost per 1k and Gini on held-out prompts.")
final class EvaluateCommand implements Callable<Integer> {

  /** Targets of the frontier's "classifier target" rows, as fractions of the strong expert. */
  static final double[] TARGET_FRACTIONS = {0.80, 0.85, 0.90, 0.93, 0.95, 0.97, 0.98, 1.00};

  @Mixin DatasetOptions options;

  @Option(
      names = "--strong",
      description = "Strong expert (default: best mean quality on the training split).")
  String strong;

  @Option(
      names = "--weak",
      description = "Weak expert (default: the other one, or the cheapest in larger pools).")
  String weak;

  @Option(
      names = "--out",
      defaultValue = "target/eval",
      description = "Directory for CSV and SVG output.")
  Path out;

  @Option(
      names = "--extra-train",
      split = ",",
      description =
          "Also train on the training splits of these datasets (same experts); their test prompts are never used.")
  List<String> extraTrain = List.of();

  @Option(
      names = "--extra-test-fraction",
      defaultValue = "0.3",
      description =
          "Held-out share of the --extra-train sets (their split is the usual seeded one).")
  double extraTestFraction;

  @Option(
      names = "--l2",
      split = ",",
      description = "L2 grid searched by cross-validation (default 0.3,1,3,10).")
  List<Double> l2Grid;

  @Option(
      names = "--sparse-l2",
      split = ",",
      description = "L2 grid of the TF-IDF block (default 0.001,0.01).")
  List<Double> sparseL2Grid;

  @Option(
      names = "--folds",
      defaultValue = "5",
      description = "Cross-validation folds on the training split.")
  int folds;

  @Option(
      names = "--iterations",
      defaultValue = "150",
      description = "Gradient steps per logistic fit.")
  int iterations;

  @Option(
      names = "--calibrate-above",
      defaultValue = "0.05",
      description =
          "Calibrate an expert's quality predictor (isotonic or Platt, chosen by cross-fitted ECE on"
              + " the training split's out-of-fold predictions) when their ECE is above this; 0:"
              + " whenever calibrating lowers it.")
  double calibrateAbove;

  @Option(
      names = "--no-ensemble",
      description =
          "Linear model only: skip the kNN rank-average ensemble (the model before it existed).")
  boolean noEnsemble;

  @Override
  public Integer call() throws Exception {
    PrintStream table = System.out;
    try (PromptEncoder embedder = options.embedder()) {
      List<Workbench> extra = new ArrayList<>();
      for (String name : extraTrain) {
        Path[] dataset = options.resolve(name);
        extra.add(options.open(dataset[0], dataset[1].toString(), embedder, extraTestFraction));
      }
      for (Path[] dataset : options.resolved()) {
        Workbench bench = options.open(dataset[0], dataset[1].toString(), embedder);
        evaluate(bench, extra, table, embedder);
      }
    }
    return 0;
  }

  static String ensembleSummary(RouterModelArtifact artifact) {
    RouterModelArtifact.PairEnsemble ensemble = artifact.pairEnsemble();
    RouterModelArtifact.PairFactorisation mf = artifact.pairFactorisation();
    if (mf != null) {
      return String.format(
          Locale.ROOT,
          "rank average %.2f linear + %.2f factorisation(rank %d)",
          mf.linearWeight(),
          1 - mf.linearWeight(),
          mf.rank());
    }
    return ensemble == null
        ? "linear only"
        : String.format(
            Locale.ROOT,
            "rank average %.2f linear + %.2f kNN(k=%d, %d PCs)",
            ensemble.linearWeight(),
            1 - ensemble.linearWeight(),
            ensemble.neighbours(),
            ensemble.components());
  }

  private void evaluate(
      Workbench bench, List<Workbench> extra, PrintStream table, PromptEncoder embedder)
      throws Exception {
    EvalSet set = bench.set();
    String[] pair = ClassifierTraining.defaultPair(bench, strong, weak);
    String strongExpert = pair[0];
    String weakExpert = pair[1];
    ClassifierTrainer.Settings defaults = ClassifierTrainer.Settings.defaults(options.seed);
    if (noEnsemble) {
      defaults = defaults.withoutEnsemble();
    }
    long started = System.nanoTime();
    RouterModelArtifact artifact =
        new ClassifierTraining(
                defaults.withGrids(
                    l2Grid != null ? l2Grid : defaults.l2Grid(),
                    sparseL2Grid != null ? sparseL2Grid : defaults.sparseL2Grid(),
                    folds,
                    iterations,
                    options.seed,
                    options.encoderSpec()),
                calibrateAbove)
            .train(bench, extra, strongExpert, weakExpert);
    System.err.printf(
        Locale.ROOT,
        "%s: classifier trained in %.1f s; chosen by %d-fold CV on the training split: %s l2=%s"
            + " buckets=%d, %s (CV APGR %.3f), trained on %s%n",
        set.name(),
        (System.nanoTime() - started) / 1e9,
        folds,
        artifact.training().score(),
        artifact.training().l2() + "/" + artifact.training().sparseL2(),
        artifact.hashBuckets(),
        ensembleSummary(artifact),
        artifact.training().cvApgr(),
        artifact.training().dataset());
    artifact
        .training()
        .grid()
        .forEach(
            r ->
                System.err.printf(
                    Locale.ROOT,
                    "  cv %s l2=%s/%s buckets=%d: %.3f%n",
                    r.score(),
                    r.l2(),
                    r.sparseL2(),
                    r.hashBuckets(),
                    r.meanApgr()));
    artifact
        .training()
        .ensembleGrid()
        .forEach(
            r ->
                System.err.printf(
                    Locale.ROOT,
                    "  cv ensemble w=%.2f %s: %.3f%n",
                    r.linearWeight(),
                    r.scorer() == null || r.scorer().equals("knn")
                        ? "k=" + r.neighbours()
                        : r.scorer(),
                    r.meanApgr()));
    QualityRouter classifier = new QualityRouter(artifact);

    StrongWeakReport report =
        new StrongWeakReport(set.name(), strongExpert, weakExpert, bench.test());
    List<EvalPrompt> test = report.prompts();
    SplittableRandom random = new SplittableRandom(options.seed);
    report.add(
        new RouterScores(
            "classifier",
            test.stream()
                .mapToDouble(p -> classifier.needsStrongScore(bench.features(p)))
                .toArray()));
    report.add(
        new RouterScores("random", test.stream().mapToDouble(p -> random.nextDouble()).toArray()));
    List<RouterScores> draws = new ArrayList<>();
    for (int draw = 0; draw < 200; draw++) {
      draws.add(
          new RouterScores(
              "random-draw", test.stream().mapToDouble(p -> random.nextDouble()).toArray()));
    }
    report.addAveraged("random (200-draw mean)", draws);
    SplittableRandom tieBreak = new SplittableRandom(options.seed + 1);
    report.add(
        new RouterScores(
            "oracle",
            test.stream()
                .mapToDouble(
                    p ->
                        p.quality().get(strongExpert)
                            - p.quality().get(weakExpert)
                            + 1e-6 * tieBreak.nextDouble())
                .toArray()));
    report.write(out, table);
    new CalibrationReport(
            set.name(), set.experts(), bench.test(), bench::features, artifact, strongExpert)
        .write(out, table);

    // Every set gets the cost-quality table: it is where the cascade and capability modes are
    // compared, since
    // their cost is not the cost of one expert per prompt.
    FrontierReport frontier = new FrontierReport(set.name(), set.experts(), bench.test());
    for (String expert : set.experts()) {
      frontier.add("always " + expert, "-", p -> expert);
    }
    SplittableRandom uniform = new SplittableRandom(options.seed + 2);
    frontier.add(
        "random", "uniform", p -> set.experts().get(uniform.nextInt(set.experts().size())));
    frontier.add(
        "oracle",
        "cheapest-best",
        p ->
            set.experts().stream()
                .sorted(
                    Comparator.comparingDouble((String e) -> -p.quality().getOrDefault(e, 0.0))
                        .thenComparingDouble(e -> p.costUsd().getOrDefault(e, 0.0)))
                .findFirst()
                .orElseThrow());
    frontier.addOracleFrontier();
    List<String> experts = new ArrayList<>(set.experts());
    for (double threshold : new double[] {0, 0.02, 0.05, 0.1, 0.2, 0.3, 0.5, 0.75, 1, 1.5, 2, 3}) {
      frontier.add(
          "classifier",
          String.format(Locale.ROOT, "t=%.2f", threshold),
          p -> classifier.choose(bench.features(p), experts, threshold));
    }
    // The quality-target knob: the threshold each target resolves to on the training split's
    // out-of-fold curve, every expert a candidate.
    for (double fraction : TARGET_FRACTIONS) {
      ClassifierStrategy targeted =
          new ClassifierStrategy(
              classifier,
              0,
              ClassifierStrategy.target(
                  classifier, fraction * classifier.trainingQuality(strongExpert)),
              null);
      frontier.add(
          "classifier target",
          String.format(Locale.ROOT, "%.2f of strong", fraction),
          p -> targeted.decide(bench.features(p), experts).expert());
    }
    new OtherModesReplay(bench, extra, embedder, artifact, strongExpert, options.seed)
        .addTo(frontier);
    frontier.write(out, table);
  }
}
