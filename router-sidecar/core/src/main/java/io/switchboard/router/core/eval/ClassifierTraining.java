package io.switchboard.router.core.eval;

import io.switchboard.router.core.strategy.classifier.ClassifierTrainer;
import io.switchboard.router.core.strategy.classifier.RouterModelArtifact;
import io.switchboard.router.core.strategy.classifier.TrainingExample;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Trains the classifier router on a workbench's training split (shared by {@code train} and
 * {@code evaluate}, so the evaluated model is exactly the one {@code train} would write).
 */
final class ClassifierTraining {

    private final ClassifierTrainer.Settings settings;

    ClassifierTraining(ClassifierTrainer.Settings settings) {
        this.settings = settings;
    }

    /** Strong: best mean quality on the training split; weak: the cheapest other expert. */
    static String[] defaultPair(Workbench bench, String strong, String weak) {
        EvalSet trainSet = bench.set().withPrompts(bench.train());
        String strongExpert = strong != null ? strong
                : bench.set().experts().stream().max(Comparator.comparingDouble(trainSet::meanQuality)).orElseThrow();
        String weakExpert = weak != null ? weak
                : bench.set().experts().stream().filter(e -> !e.equals(strongExpert))
                        .min(Comparator.comparingDouble(trainSet::costPer1k)).orElseThrow();
        return new String[] {strongExpert, weakExpert};
    }

    RouterModelArtifact train(Workbench bench, String strong, String weak) {
        EvalSet trainSet = bench.set().withPrompts(bench.train());
        Map<String, Double> costs = bench.set().experts().stream()
                .collect(Collectors.toMap(e -> e, e -> trainSet.costPer1k(e) / 1000));
        List<TrainingExample> examples = bench.train().stream()
                .map(p -> new TrainingExample(bench.features(p), p.quality())).toList();
        return new ClassifierTrainer(settings).train(bench.set().name(), examples, bench.set().experts(), costs, strong, weak);
    }
}
