package io.switchboard.router.core.strategy.classifier;

import io.switchboard.router.core.eval.PgrCurve;
import io.switchboard.router.core.features.QueryFeatures;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * Trains a {@link QualityRouter}: one logistic quality predictor per expert over the
 * embedding, text features and hashed TF-IDF, and optionally a direct model of the
 * strong/weak quality gap. The hyperparameters (score model, L2 strength, hashed width) are
 * chosen by k-fold cross-validation <em>on the training prompts only</em>, maximising the mean
 * APGR of the strong/weak pair on the validation folds.
 */
public final class ClassifierTrainer {

    /** How the "needs strong" score is computed: per-expert difference, or a direct gap model. */
    public enum ScoreModel { DIFFERENCE, PAIR }

    /** What to search and how hard to fit. */
    public record Settings(List<ScoreModel> scoreGrid, List<Double> l2Grid, List<Double> sparseL2Grid, List<Integer> bucketGrid,
                           int folds, int iterations,
                           double learningRate, long seed, int maxTokens, String truncation) {

        public static Settings defaults(long seed) {
            return new Settings(List.of(ScoreModel.DIFFERENCE, ScoreModel.PAIR), List.of(0.3, 1.0, 3.0, 10.0), List.of(1e-3, 1e-2),
                    List.of(0, 4096), 5, 150, 0.05, seed, 128, "TAIL");
        }
    }

    private final Settings settings;

    public ClassifierTrainer(Settings settings) {
        this.settings = settings;
    }

    /**
     * @param examples          training prompts (never the test prompts)
     * @param costPerRequestUsd average cost of each expert (from the training prompts)
     */
    public RouterModelArtifact train(String dataset, List<TrainingExample> examples, List<String> experts,
                                     Map<String, Double> costPerRequestUsd, String strong, String weak) {
        if (!experts.contains(strong) || !experts.contains(weak)) {
            throw new IllegalArgumentException("strong/weak experts " + strong + "/" + weak + " must be among " + experts);
        }
        List<RouterModelArtifact.CvResult> grid = new ArrayList<>();
        RouterModelArtifact.CvResult best = null;
        for (ScoreModel score : settings.scoreGrid()) {
            for (int buckets : settings.bucketGrid()) {
                for (double l2 : settings.l2Grid()) {
                    for (double sparseL2 : buckets == 0 ? settings.sparseL2Grid().subList(0, 1) : settings.sparseL2Grid()) {
                        double apgr = crossValidatedApgr(examples, costPerRequestUsd, strong, weak, score, l2, sparseL2, buckets);
                        RouterModelArtifact.CvResult result = new RouterModelArtifact.CvResult(score.name(), l2, sparseL2, buckets, apgr);
                        grid.add(result);
                        if (best == null || apgr > best.meanApgr()) {
                            best = result;
                        }
                    }
                }
            }
        }
        RouterModelArtifact artifact = fit(examples, experts, costPerRequestUsd, strong, weak,
                ScoreModel.valueOf(best.score()), best.l2(), best.sparseL2(), best.hashBuckets());
        return artifact.withTraining(new RouterModelArtifact.Training(dataset, examples.size(), settings.seed(), best.score(),
                best.l2(), best.sparseL2(), settings.folds(), best.meanApgr(), grid));
    }

    /** Fits all predictors with fixed hyperparameters. */
    public RouterModelArtifact fit(List<TrainingExample> examples, List<String> experts, Map<String, Double> costPerRequestUsd,
                                   String strong, String weak, ScoreModel score, double l2, double sparseL2, int buckets) {
        List<QueryFeatures> features = examples.stream().map(TrainingExample::features).toList();
        FeatureSpace space = FeatureSpace.fit(features, buckets);
        List<FeatureRow> rows = features.stream().map(space::row).toList();
        LogisticRegression regression = new LogisticRegression(l2, sparseL2, space.denseWidth(), settings.iterations(),
                settings.learningRate());
        List<RouterModelArtifact.Expert> fitted = experts.parallelStream().map(expert -> {
            List<FeatureRow> labelledRows = new ArrayList<>();
            List<Double> labels = new ArrayList<>();
            for (int i = 0; i < examples.size(); i++) {
                Double quality = examples.get(i).quality().get(expert);
                if (quality != null) {
                    labelledRows.add(rows.get(i));
                    labels.add(quality);
                }
            }
            if (labelledRows.isEmpty()) {
                throw new IllegalArgumentException("expert " + expert + " has no recorded outcome in the training prompts");
            }
            double[] w = regression.fit(labelledRows, labels.stream().mapToDouble(Double::doubleValue).toArray(), space.width());
            double mean = labels.stream().mapToDouble(Double::doubleValue).average().orElse(0);
            return new RouterModelArtifact.Expert(expert, RouterModelArtifact.encode(w),
                    costPerRequestUsd.getOrDefault(expert, 0.0), mean);
        }).toList();
        String pairWeights = null;
        if (score == ScoreModel.PAIR) {
            List<FeatureRow> pairRows = new ArrayList<>();
            List<Double> gaps = new ArrayList<>();
            for (int i = 0; i < examples.size(); i++) {
                Map<String, Double> quality = examples.get(i).quality();
                if (quality.containsKey(strong) && quality.containsKey(weak)) {
                    pairRows.add(rows.get(i));
                    gaps.add((quality.get(strong) - quality.get(weak) + 1) / 2);
                }
            }
            pairWeights = RouterModelArtifact.encode(
                    regression.fit(pairRows, gaps.stream().mapToDouble(Double::doubleValue).toArray(), space.width()));
        }
        return new RouterModelArtifact(RouterModelArtifact.FORMAT_VERSION, RouterModelArtifact.EMBEDDING_MODEL,
                settings.maxTokens(), settings.truncation(), buckets, RouterModelArtifact.encode(space.mean()),
                RouterModelArtifact.encode(space.deviation()), RouterModelArtifact.encode(space.idf()), fitted, strong, weak,
                pairWeights, null);
    }

    private double crossValidatedApgr(List<TrainingExample> examples, Map<String, Double> costs, String strong, String weak,
                                      ScoreModel score, double l2, double sparseL2, int buckets) {
        List<Integer> order = new ArrayList<>(IntStream.range(0, examples.size()).boxed().toList());
        Collections.shuffle(order, new Random(settings.seed()));
        // The pair model needs no per-expert predictors; fitting the two anyway keeps the artifact uniform.
        List<String> pair = List.of(strong, weak);
        double total = 0;
        int counted = 0;
        for (int fold = 0; fold < settings.folds(); fold++) {
            List<TrainingExample> train = new ArrayList<>();
            List<TrainingExample> validation = new ArrayList<>();
            for (int k = 0; k < order.size(); k++) {
                TrainingExample example = examples.get(order.get(k));
                (k % settings.folds() == fold ? validation : train).add(example);
            }
            QualityRouter router = new QualityRouter(fit(train, score == ScoreModel.PAIR ? List.of(strong) : pair, costs, strong,
                    weak, score, l2, sparseL2, buckets));
            List<TrainingExample> scored = validation.stream()
                    .filter(e -> e.quality().containsKey(strong) && e.quality().containsKey(weak)).toList();
            double[] scores = scored.stream().mapToDouble(e -> router.needsStrongScore(e.features())).toArray();
            double[] strongQuality = scored.stream().mapToDouble(e -> e.quality().get(strong)).toArray();
            double[] weakQuality = scored.stream().mapToDouble(e -> e.quality().get(weak)).toArray();
            double[] zero = new double[scored.size()];
            if (mean(strongQuality) <= mean(weakQuality)) {
                continue; // PGR undefined on this fold
            }
            total += PgrCurve.of(scores, strongQuality, weakQuality, zero, zero).apgr();
            counted++;
        }
        return counted == 0 ? Double.NaN : total / counted;
    }

    private static double mean(double[] values) {
        double sum = 0;
        for (double value : values) {
            sum += value;
        }
        return values.length == 0 ? 0 : sum / values.length;
    }
}
