package io.switchboard.router.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.router.core.features.PromptEncoder;
import io.switchboard.router.core.strategy.classifier.ClassifierTrainer;
import io.switchboard.router.core.strategy.classifier.RouterModelArtifact;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Trains the classifier router and writes the model artifact a {@code classifier} policy references
 * ({@code params.classifier.modelFile}). Use {@code --test-fraction 0} to train on every prompt for
 * deployment; the default keeps the evaluation split so the model can be reported on held-out
 * prompts.
 */
@Command(
    name = "train",
    description = "Train the classifier router and write its model artifact (JSON, < 1 MiB).")
final class TrainCommand implements Callable<Integer> {

  /** A ConfigMap holds at most 1 MiB. */
  static final long MAX_ARTIFACT_BYTES = 1024 * 1024;

  @Mixin DatasetOptions options;

  @Option(
      names = "--strong",
      description = "Strong expert (default: best mean quality on the training split).")
  String strong;

  @Option(names = "--weak", description = "Weak expert (default: the cheapest other expert).")
  String weak;

  @Option(
      names = "--calibrate-above",
      defaultValue = "0.05",
      description =
          "Calibrate an expert's quality predictor (isotonic or Platt, chosen by cross-fitted ECE on"
              + " the training split's out-of-fold predictions) when their ECE is above this; 0:"
              + " whenever calibrating lowers it.")
  double calibrateAbove;

  @Option(names = "--output", required = true, description = "Model artifact to write.")
  Path output;

  @Option(
      names = "--folds",
      defaultValue = "5",
      description = "Cross-validation folds on the training split.")
  int folds;

  @Option(
      names = "--l2",
      split = ",",
      description = "L2 grid searched by cross-validation (default 0.3,1,3,10).")
  List<Double> l2Grid;

  @Option(
      names = "--buckets",
      split = ",",
      description =
          "Hashed word n-gram TF-IDF widths searched by cross-validation; 0 = embedding and text"
              + " features only (default 0,4096).")
  List<Integer> bucketGrid;

  @Option(
      names = "--score-models",
      split = ",",
      description =
          "Strong/weak score models searched: ${COMPLETION-CANDIDATES} (default DIFFERENCE,PAIR).")
  List<ClassifierTrainer.ScoreModel> scoreGrid;

  @Option(
      names = "--ensemble",
      negatable = true,
      defaultValue = "true",
      fallbackValue = "true",
      description =
          "Search the kNN and factorisation pair ensembles after the linear model (default on;"
              + " --no-ensemble keeps the linear model only).")
  boolean ensemble;

  @Override
  public Integer call() throws Exception {
    if (options.datasets.size() != 1) {
      throw new IllegalArgumentException("train takes exactly one --dataset");
    }
    Path[] dataset = options.resolved().get(0);
    try (PromptEncoder embedder = options.embedder()) {
      Workbench bench = options.open(dataset[0], dataset[1].toString(), embedder);
      String[] pair = ClassifierTraining.defaultPair(bench, strong, weak);
      RouterModelArtifact artifact =
          new ClassifierTraining(settings(), calibrateAbove).train(bench, pair[0], pair[1]);
      byte[] json = new ObjectMapper().writeValueAsBytes(artifact);
      if (json.length > MAX_ARTIFACT_BYTES) {
        throw new IllegalStateException(
            "model artifact is "
                + json.length
                + " bytes, over the 1 MiB ConfigMap limit;"
                + " train with fewer hashed buckets or on fewer prompts (the kNN index stores one 32-byte code per prompt)");
      }
      if (output.toAbsolutePath().getParent() != null) {
        Files.createDirectories(output.toAbsolutePath().getParent());
      }
      Files.write(output, json);
      System.out.printf(
          Locale.ROOT,
          "wrote %s (%d bytes): %d experts, strong=%s weak=%s, %s l2=%s buckets=%d, %s, CV APGR %.3f%n",
          output,
          json.length,
          artifact.experts().size(),
          pair[0],
          pair[1],
          artifact.training().score(),
          artifact.training().l2() + "/" + artifact.training().sparseL2(),
          artifact.hashBuckets(),
          EvaluateCommand.ensembleSummary(artifact),
          artifact.training().cvApgr());
    }
    return 0;
  }

  /**
   * The defaults with this command's grids. A narrow grid (one l2, no hashed n-grams, one score
   * model, no ensemble) trains in seconds instead of minutes, at some CV APGR.
   */
  ClassifierTrainer.Settings settings() {
    ClassifierTrainer.Settings defaults = ClassifierTrainer.Settings.defaults(options.seed);
    ClassifierTrainer.Settings grids =
        new ClassifierTrainer.Settings(
            scoreGrid != null ? scoreGrid : defaults.scoreGrid(),
            l2Grid != null ? l2Grid : defaults.l2Grid(),
            defaults.sparseL2Grid(),
            bucketGrid != null ? bucketGrid : defaults.bucketGrid(),
            folds,
            defaults.iterations(),
            defaults.learningRate(),
            options.seed,
            options.encoderSpec(),
            defaults.neighbourGrid(),
            defaults.linearWeightGrid(),
            defaults.components(),
            defaults.factorisationGrid());
    return ensemble ? grids : grids.withoutEnsemble();
  }
}
