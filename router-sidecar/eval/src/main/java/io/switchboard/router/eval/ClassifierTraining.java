package io.switchboard.router.eval;

import io.switchboard.router.core.calibration.CalibrationFit;
import io.switchboard.router.core.strategy.classifier.ClassifierTrainer;
import io.switchboard.router.core.strategy.classifier.RouterModelArtifact;
import io.switchboard.router.core.strategy.classifier.TrainingExample;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Trains the classifier router on a workbench's training split (shared by {@code train} and {@code
 * evaluate}, so the evaluated model is exactly the one {@code train} would write).
 */
final class ClassifierTraining {

  private final ClassifierTrainer.Settings settings;
  private final double calibrateAbove;

  ClassifierTraining(ClassifierTrainer.Settings settings) {
    this(settings, CalibrationFit.DEFAULT_MAX_ECE);
  }

  /**
   * @param calibrateAbove out-of-fold ECE above which an expert's predictor is calibrated
   */
  ClassifierTraining(ClassifierTrainer.Settings settings, double calibrateAbove) {
    this.settings = settings;
    this.calibrateAbove = calibrateAbove;
  }

  /** Strong: best mean quality on the training split; weak: the cheapest other expert. */
  static String[] defaultPair(Workbench bench, String strong, String weak) {
    EvalSet trainSet = bench.set().withPrompts(bench.train());
    String strongExpert =
        strong != null
            ? strong
            : bench.set().experts().stream()
                .max(Comparator.comparingDouble(trainSet::meanQuality))
                .orElseThrow();
    String weakExpert =
        weak != null
            ? weak
            : bench.set().experts().stream()
                .filter(e -> !e.equals(strongExpert))
                .min(Comparator.comparingDouble(trainSet::costPer1k))
                .orElseThrow();
    return new String[] {strongExpert, weakExpert};
  }

  RouterModelArtifact train(Workbench bench, String strong, String weak) {
    return train(bench, List.of(), strong, weak);
  }

  /**
   * Trains on the training split of {@code bench} plus the training splits of {@code extra}
   * workbenches (other datasets answered by the same experts, e.g. to train an MT-Bench router on
   * MMLU and GSM8K outcomes, as RouteLLM trains on other data than it tests on).
   */
  RouterModelArtifact train(Workbench bench, List<Workbench> extra, String strong, String weak) {
    // With no own training prompts (--test-fraction 1 and --extra-train), costs come from the first
    // extra set.
    Workbench costSource = bench.train().isEmpty() && !extra.isEmpty() ? extra.get(0) : bench;
    EvalSet trainSet = costSource.set().withPrompts(costSource.train());
    Map<String, Double> costs =
        bench.set().experts().stream()
            .collect(Collectors.toMap(e -> e, e -> trainSet.costPer1k(e) / 1000));
    List<TrainingExample> examples =
        new ArrayList<>(
            bench.train().stream()
                .map(p -> new TrainingExample(bench.features(p), p.quality()))
                .toList());
    StringBuilder provenance = new StringBuilder(bench.set().name());
    for (Workbench other : extra) {
      if (!other.set().experts().containsAll(List.of(strong, weak))) {
        throw new IllegalArgumentException(
            "extra training set " + other.set().name() + " lacks " + strong + " or " + weak);
      }
      other.train().forEach(p -> examples.add(new TrainingExample(other.features(p), p.quality())));
      provenance.append('+').append(other.set().name());
    }
    return new ClassifierTrainer(settings, calibrateAbove)
        .train(provenance.toString(), examples, bench.set().experts(), costs, strong, weak);
  }
}
