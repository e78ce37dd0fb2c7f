package io.switchboard.router.core.strategy.classifier;

import io.switchboard.router.config.EncoderSpec;
import io.switchboard.router.core.calibration.CalibrationFit;
import io.switchboard.router.core.features.QueryFeatures;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import java.util.stream.IntStream;

/**
 * Trains a {@link QualityRouter}: one logistic quality predictor per expert over the embedding,
 * text features and hashed TF-IDF, and optionally a direct model of the strong/weak quality gap.
 * The hyperparameters (score model, L2 strength, hashed width) are chosen by k-fold
 * cross-validation <em>on the training prompts only</em>, maximising the mean APGR of the
 * strong/weak pair on the validation folds.
 */
public final class ClassifierTrainer {

  /** How the "needs strong" score is computed: per-expert difference, or a direct gap model. */
  public enum ScoreModel {
    DIFFERENCE,
    PAIR
  }

  /** What to search and how hard to fit. */
  /**
   * @param neighbourGrid k values of the kNN scorer searched for the pair ensemble (empty: no
   *     ensemble)
   * @param linearWeightGrid weights of the linear score in the rank average (1.0 = linear only,
   *     always searched)
   * @param components principal components kept for the kNN index
   * @param factorisationGrid matrix-factorisation scorers searched for the pair ensemble when the
   *     training prompts record more than the two experts of the pair (empty: none)
   */
  public record Settings(
      List<ScoreModel> scoreGrid,
      List<Double> l2Grid,
      List<Double> sparseL2Grid,
      List<Integer> bucketGrid,
      int folds,
      int iterations,
      double learningRate,
      long seed,
      EncoderSpec encoder,
      List<Integer> neighbourGrid,
      List<Double> linearWeightGrid,
      int components,
      List<Factorisation> factorisationGrid) {

    /** Without factorisation scorers. */
    public Settings(
        List<ScoreModel> scoreGrid,
        List<Double> l2Grid,
        List<Double> sparseL2Grid,
        List<Integer> bucketGrid,
        int folds,
        int iterations,
        double learningRate,
        long seed,
        EncoderSpec encoder,
        List<Integer> neighbourGrid,
        List<Double> linearWeightGrid,
        int components) {
      this(
          scoreGrid,
          l2Grid,
          sparseL2Grid,
          bucketGrid,
          folds,
          iterations,
          learningRate,
          seed,
          encoder,
          neighbourGrid,
          linearWeightGrid,
          components,
          List.of());
    }

    /** Without the kNN ensemble. */
    public Settings(
        List<ScoreModel> scoreGrid,
        List<Double> l2Grid,
        List<Double> sparseL2Grid,
        List<Integer> bucketGrid,
        int folds,
        int iterations,
        double learningRate,
        long seed,
        EncoderSpec encoder) {
      this(
          scoreGrid,
          l2Grid,
          sparseL2Grid,
          bucketGrid,
          folds,
          iterations,
          learningRate,
          seed,
          encoder,
          List.of(),
          List.of(1.0),
          32);
    }

    public static Settings defaults(long seed) {
      return new Settings(
          List.of(ScoreModel.DIFFERENCE, ScoreModel.PAIR),
          List.of(0.3, 1.0, 3.0, 10.0),
          List.of(1e-3, 1e-2),
          List.of(0, 4096),
          5,
          150,
          0.05,
          seed,
          EncoderSpec.DEFAULT,
          List.of(30, 100, 200),
          List.of(0.0, 0.25, 0.5, 0.75, 1.0),
          32,
          List.of(new Factorisation(4, 30), new Factorisation(8, 30), new Factorisation(4, 10)));
    }

    public Settings withoutEnsemble() {
      return new Settings(
          scoreGrid,
          l2Grid,
          sparseL2Grid,
          bucketGrid,
          folds,
          iterations,
          learningRate,
          seed,
          encoder,
          List.of(),
          List.of(1.0),
          components,
          List.of());
    }

    public Settings withGrids(
        List<Double> l2,
        List<Double> sparseL2,
        int folds,
        int iterations,
        long seed,
        EncoderSpec encoder) {
      return new Settings(
          scoreGrid,
          l2,
          sparseL2,
          bucketGrid,
          folds,
          iterations,
          learningRate,
          seed,
          encoder,
          neighbourGrid,
          linearWeightGrid,
          components,
          factorisationGrid);
    }
  }

  /**
   * One matrix-factorisation scorer of the ensemble search.
   *
   * @param rank projection rows
   * @param l2 penalty on the projection and the factors
   */
  public record Factorisation(int rank, double l2) {
    static final int ITERATIONS = 600;
    static final double LEARNING_RATE = 0.01;

    String label() {
      return "mf rank=" + rank + " l2=" + l2;
    }
  }

  private final Settings settings;
  private final double calibrateAbove;

  /**
   * Calibrates each expert whose out-of-fold ECE is above {@value CalibrationFit#DEFAULT_MAX_ECE}.
   */
  public ClassifierTrainer(Settings settings) {
    this(settings, CalibrationFit.DEFAULT_MAX_ECE);
  }

  /**
   * @param calibrateAbove out-of-fold ECE above which an expert's predictor gets a calibration map
   *     (0: whenever a map lowers the cross-fitted ECE)
   */
  public ClassifierTrainer(Settings settings, double calibrateAbove) {
    this.settings = settings;
    this.calibrateAbove = calibrateAbove;
  }

  /**
   * @param examples training prompts (never the test prompts)
   * @param costPerRequestUsd average cost of each expert (from the training prompts)
   */
  public RouterModelArtifact train(
      String dataset,
      List<TrainingExample> examples,
      List<String> experts,
      Map<String, Double> costPerRequestUsd,
      String strong,
      String weak) {
    if (!experts.contains(strong) || !experts.contains(weak)) {
      throw new IllegalArgumentException(
          "strong/weak experts " + strong + "/" + weak + " must be among " + experts);
    }
    int[] fold = foldOf(examples.size());
    List<RouterModelArtifact.CvResult> grid = new ArrayList<>();
    RouterModelArtifact.CvResult best = null;
    double[] bestScores = null;
    for (ScoreModel score : settings.scoreGrid()) {
      for (int buckets : settings.bucketGrid()) {
        for (double l2 : settings.l2Grid()) {
          for (double sparseL2 :
              buckets == 0 ? settings.sparseL2Grid().subList(0, 1) : settings.sparseL2Grid()) {
            double[] outOfFold =
                linearOutOfFold(
                    examples, fold, costPerRequestUsd, strong, weak, score, l2, sparseL2, buckets);
            double apgr = foldApgr(examples, fold, strong, weak, outOfFold, null, 1.0);
            RouterModelArtifact.CvResult result =
                new RouterModelArtifact.CvResult(score.name(), l2, sparseL2, buckets, apgr);
            grid.add(result);
            if (best == null || apgr > best.meanApgr()) {
              best = result;
              bestScores = outOfFold;
            }
          }
        }
      }
    }
    RouterModelArtifact artifact =
        fit(
            examples,
            experts,
            costPerRequestUsd,
            strong,
            weak,
            ScoreModel.valueOf(best.score()),
            best.l2(),
            best.sparseL2(),
            best.hashBuckets());
    List<RouterModelArtifact.EnsembleCvResult> ensembleGrid = new ArrayList<>();
    RouterModelArtifact.EnsembleCvResult bestEnsemble =
        new RouterModelArtifact.EnsembleCvResult(1.0, 0, best.meanApgr());
    double[] bestNeighbourScores = null;
    for (int k : settings.neighbourGrid()) {
      double[] neighbourScores = neighbourOutOfFold(examples, fold, strong, weak, k);
      for (double weight : settings.linearWeightGrid()) {
        if (weight >= 1.0) {
          continue; // the linear model alone is the baseline above
        }
        double apgr = foldApgr(examples, fold, strong, weak, bestScores, neighbourScores, weight);
        RouterModelArtifact.EnsembleCvResult result =
            new RouterModelArtifact.EnsembleCvResult(weight, k, apgr);
        ensembleGrid.add(result);
        if (apgr > bestEnsemble.meanApgr()) {
          bestEnsemble = result;
          bestNeighbourScores = neighbourScores;
        }
      }
    }
    // A factorisation learns from every expert's outcomes at once; with only the pair recorded it
    // is one more
    // linear model of the same gap, so it is searched only for larger pools.
    Factorisation bestFactorisation = null;
    double[] bestFactorisationScores = null;
    if (recordedExperts(examples) > 2) {
      for (Factorisation setting : settings.factorisationGrid()) {
        double[] factorisationScores =
            factorisationOutOfFold(examples, fold, experts, strong, weak, setting);
        for (double weight : settings.linearWeightGrid()) {
          if (weight >= 1.0) {
            continue;
          }
          double apgr =
              foldApgr(examples, fold, strong, weak, bestScores, factorisationScores, weight);
          RouterModelArtifact.EnsembleCvResult result =
              new RouterModelArtifact.EnsembleCvResult(weight, 0, apgr, setting.label());
          ensembleGrid.add(result);
          if (apgr > bestEnsemble.meanApgr()) {
            bestEnsemble = result;
            bestFactorisation = setting;
            bestFactorisationScores = factorisationScores;
          }
        }
      }
    }
    if (bestFactorisation != null) {
      artifact =
          artifact.withPairFactorisation(
              pairFactorisation(
                  examples,
                  experts,
                  strong,
                  weak,
                  bestEnsemble.linearWeight(),
                  bestFactorisation,
                  bestScores,
                  bestFactorisationScores));
    } else if (bestNeighbourScores != null) {
      artifact =
          artifact.withPairEnsemble(
              pairEnsemble(examples, strong, weak, bestEnsemble, bestScores, bestNeighbourScores));
    }
    artifact =
        calibrated(
            artifact,
            examples,
            fold,
            experts,
            costPerRequestUsd,
            strong,
            weak,
            best.l2(),
            best.sparseL2(),
            best.hashBuckets());
    return artifact.withTraining(
        new RouterModelArtifact.Training(
            dataset,
            examples.size(),
            settings.seed(),
            best.score(),
            best.l2(),
            best.sparseL2(),
            settings.folds(),
            bestEnsemble.meanApgr(),
            grid,
            ensembleGrid));
  }

  /**
   * Adds what is fitted on out-of-fold predictions of every expert's quality (each fold predicted
   * by predictors fitted on the other folds with the chosen hyperparameters): a calibration map per
   * expert whose out-of-fold ECE is above the trainer's limit (see {@link CalibrationFit}), and the
   * cost–quality curve a quality target is resolved on ({@link TargetCurve}), replayed on the
   * calibrated predictions. The maps are fitted on the same out-of-fold predictions the curve
   * replays, so the curve is slightly optimistic about calibration; the test split measures what it
   * is worth.
   */
  RouterModelArtifact calibrated(
      RouterModelArtifact artifact,
      List<TrainingExample> examples,
      int[] fold,
      List<String> experts,
      Map<String, Double> costPerRequestUsd,
      String strong,
      String weak,
      double l2,
      double sparseL2,
      int buckets) {
    int n = examples.size();
    double[][] raw = new double[n][experts.size()];
    IntStream.range(0, settings.folds())
        .parallel()
        .forEach(
            f -> {
              List<TrainingExample> train = new ArrayList<>();
              for (int i = 0; i < n; i++) {
                if (fold[i] != f) {
                  train.add(examples.get(i));
                }
              }
              QualityRouter router =
                  new QualityRouter(
                      fit(
                          train,
                          experts,
                          costPerRequestUsd,
                          strong,
                          weak,
                          ScoreModel.DIFFERENCE,
                          l2,
                          sparseL2,
                          buckets));
              for (int i = 0; i < n; i++) {
                if (fold[i] == f) {
                  Map<String, Double> predicted =
                      router.predictRawQuality(examples.get(i).features());
                  for (int e = 0; e < experts.size(); e++) {
                    raw[i][e] = predicted.get(experts.get(e));
                  }
                }
              }
            });
    double[][] recorded = new double[n][experts.size()];
    double[][] calibrated = new double[n][experts.size()];
    Map<String, RouterModelArtifact.Calibration> maps = new LinkedHashMap<>();
    for (int e = 0; e < experts.size(); e++) {
      String expert = experts.get(e);
      List<Double> predictedList = new ArrayList<>();
      List<Double> observedList = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        Double q = examples.get(i).quality().get(expert);
        recorded[i][e] = q == null ? Double.NaN : q;
        if (q != null) {
          predictedList.add(raw[i][e]);
          observedList.add(q);
        }
      }
      CalibrationFit fit =
          CalibrationFit.fit(
              predictedList.stream().mapToDouble(Double::doubleValue).toArray(),
              observedList.stream().mapToDouble(Double::doubleValue).toArray(),
              calibrateAbove,
              settings.seed() + e);
      maps.put(expert, RouterModelArtifact.Calibration.of(fit));
      for (int i = 0; i < n; i++) {
        calibrated[i][e] = fit.calibrator().calibrate(raw[i][e]);
      }
    }
    RouterModelArtifact withMaps = artifact.withCalibration(maps);
    Map<String, Double> normalised = new QualityRouter(withMaps).normalisedCosts();
    double[] normalisedCost = experts.stream().mapToDouble(normalised::get).toArray();
    double[] cost =
        experts.stream().mapToDouble(e -> costPerRequestUsd.getOrDefault(e, 0.0)).toArray();
    return withMaps.withOutOfFold(
        new RouterModelArtifact.OutOfFold(
            settings.folds(),
            TargetCurve.fit(
                calibrated, recorded, normalisedCost, cost, TargetCurve.thresholdGrid())));
  }

  /** Fits all predictors with fixed hyperparameters. */
  public RouterModelArtifact fit(
      List<TrainingExample> examples,
      List<String> experts,
      Map<String, Double> costPerRequestUsd,
      String strong,
      String weak,
      ScoreModel score,
      double l2,
      double sparseL2,
      int buckets) {
    List<QueryFeatures> features = examples.stream().map(TrainingExample::features).toList();
    FeatureSpace space = FeatureSpace.fit(features, buckets);
    List<FeatureRow> rows = features.stream().map(space::row).toList();
    LogisticRegression regression =
        new LogisticRegression(
            l2, sparseL2, space.denseWidth(), settings.iterations(), settings.learningRate());
    List<RouterModelArtifact.Expert> fitted =
        experts.parallelStream()
            .map(
                expert -> {
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
                    throw new IllegalArgumentException(
                        "expert " + expert + " has no recorded outcome in the training prompts");
                  }
                  double[] w =
                      regression.fit(
                          labelledRows,
                          labels.stream().mapToDouble(Double::doubleValue).toArray(),
                          space.width());
                  double mean =
                      labels.stream().mapToDouble(Double::doubleValue).average().orElse(0);
                  return new RouterModelArtifact.Expert(
                      expert,
                      RouterModelArtifact.encode(w),
                      costPerRequestUsd.getOrDefault(expert, 0.0),
                      mean);
                })
            .toList();
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
      pairWeights =
          RouterModelArtifact.encode(
              regression.fit(
                  pairRows,
                  gaps.stream().mapToDouble(Double::doubleValue).toArray(),
                  space.width()));
    }
    return new RouterModelArtifact(
        RouterModelArtifact.FORMAT_VERSION,
        settings.encoder().encoder().modelId(),
        settings.encoder().maxTokens(),
        settings.encoder().truncation().name(),
        buckets,
        RouterModelArtifact.encode(space.mean()),
        RouterModelArtifact.encode(space.deviation()),
        RouterModelArtifact.encode(space.idf()),
        fitted,
        strong,
        weak,
        pairWeights,
        null);
  }

  /**
   * Fold of each example: a seeded shuffle dealt round-robin, so every search uses the same folds.
   */
  private int[] foldOf(int size) {
    List<Integer> order = new ArrayList<>(IntStream.range(0, size).boxed().toList());
    Collections.shuffle(order, new Random(settings.seed()));
    int[] fold = new int[size];
    for (int k = 0; k < size; k++) {
      fold[order.get(k)] = k % settings.folds();
    }
    return fold;
  }

  private static boolean hasPair(TrainingExample example, String strong, String weak) {
    return example.quality().containsKey(strong) && example.quality().containsKey(weak);
  }

  /**
   * Out-of-fold "needs strong" scores: each fold is scored by a scorer fitted on the other folds'
   * prompts (NaN where the pair is not recorded). Folds are independent and each writes only its
   * own prompts' scores, so they run in parallel.
   */
  private double[] outOfFold(
      List<TrainingExample> examples,
      int[] fold,
      String strong,
      String weak,
      Function<List<TrainingExample>, ToDoubleFunction<TrainingExample>> fitScorer) {
    double[] scores = new double[examples.size()];
    Arrays.fill(scores, Double.NaN);
    IntStream.range(0, settings.folds())
        .parallel()
        .forEach(
            f -> {
              List<TrainingExample> train = new ArrayList<>();
              for (int i = 0; i < examples.size(); i++) {
                if (fold[i] != f) {
                  train.add(examples.get(i));
                }
              }
              ToDoubleFunction<TrainingExample> scorer = fitScorer.apply(train);
              for (int i = 0; i < examples.size(); i++) {
                if (fold[i] == f && hasPair(examples.get(i), strong, weak)) {
                  scores[i] = scorer.applyAsDouble(examples.get(i));
                }
              }
            });
    return scores;
  }

  /** Out-of-fold scores of the linear model. */
  private double[] linearOutOfFold(
      List<TrainingExample> examples,
      int[] fold,
      Map<String, Double> costs,
      String strong,
      String weak,
      ScoreModel score,
      double l2,
      double sparseL2,
      int buckets) {
    // The pair model needs no per-expert predictors; fitting the strong one anyway keeps the
    // artifact uniform.
    List<String> pair = score == ScoreModel.PAIR ? List.of(strong) : List.of(strong, weak);
    return outOfFold(
        examples,
        fold,
        strong,
        weak,
        train -> {
          QualityRouter router =
              new QualityRouter(
                  fit(train, pair, costs, strong, weak, score, l2, sparseL2, buckets));
          return e -> router.needsStrongScore(e.features());
        });
  }

  /**
   * Out-of-fold kNN scores: the index of each fold holds only the other folds' prompts with the
   * pair recorded.
   */
  private double[] neighbourOutOfFold(
      List<TrainingExample> examples, int[] fold, String strong, String weak, int k) {
    return outOfFold(
        examples,
        fold,
        strong,
        weak,
        train -> {
          NeighbourScorer scorer = neighbourScorer(train, strong, weak, k);
          return e -> scorer.score(e.features().requireEmbedding());
        });
  }

  private NeighbourScorer neighbourScorer(
      List<TrainingExample> train, String strong, String weak, int k) {
    List<TrainingExample> labelled = train.stream().filter(e -> hasPair(e, strong, weak)).toList();
    float[] gaps = new float[labelled.size()];
    for (int i = 0; i < gaps.length; i++) {
      Map<String, Double> quality = labelled.get(i).quality();
      gaps[i] = (float) (quality.get(strong) - quality.get(weak));
    }
    return NeighbourScorer.fit(
        labelled.stream().map(e -> e.features().requireEmbedding()).toList(),
        gaps,
        settings.components(),
        k,
        settings.seed());
  }

  private static long recordedExperts(List<TrainingExample> examples) {
    return examples.stream().flatMap(e -> e.quality().keySet().stream()).distinct().count();
  }

  private OutcomeFactorisation fitFactorisation(
      List<TrainingExample> train, List<String> experts, Factorisation setting) {
    double[][] quality = new double[train.size()][experts.size()];
    for (int i = 0; i < train.size(); i++) {
      for (int m = 0; m < experts.size(); m++) {
        Double q = train.get(i).quality().get(experts.get(m));
        quality[i][m] = q == null ? Double.NaN : q;
      }
    }
    return OutcomeFactorisation.fit(
        train.stream().map(e -> e.features().requireEmbedding()).toList(),
        quality,
        setting.rank(),
        setting.l2(),
        Factorisation.ITERATIONS,
        Factorisation.LEARNING_RATE,
        settings.seed());
  }

  /**
   * Out-of-fold factorisation scores: each fold's model is fitted on every expert's outcomes of the
   * other folds.
   */
  private double[] factorisationOutOfFold(
      List<TrainingExample> examples,
      int[] fold,
      List<String> experts,
      String strong,
      String weak,
      Factorisation setting) {
    int s = experts.indexOf(strong);
    int w = experts.indexOf(weak);
    return outOfFold(
        examples,
        fold,
        strong,
        weak,
        train -> {
          OutcomeFactorisation model = fitFactorisation(train, experts, setting);
          return e -> model.gap(e.features().requireEmbedding(), s, w);
        });
  }

  private RouterModelArtifact.PairFactorisation pairFactorisation(
      List<TrainingExample> examples,
      List<String> experts,
      String strong,
      String weak,
      double linearWeight,
      Factorisation setting,
      double[] linearScores,
      double[] factorisationScores) {
    OutcomeFactorisation model =
        fitFactorisation(examples, experts, setting)
            .pair(experts.indexOf(strong), experts.indexOf(weak));
    float[][] projection = model.projection();
    float[] flat = new float[projection.length * projection[0].length];
    for (int r = 0; r < projection.length; r++) {
      System.arraycopy(projection[r], 0, flat, r * projection[r].length, projection[r].length);
    }
    return new RouterModelArtifact.PairFactorisation(
        linearWeight,
        model.rank(),
        RouterModelArtifact.encode(model.mean()),
        RouterModelArtifact.encode(model.deviation()),
        RouterModelArtifact.encode(flat),
        RouterModelArtifact.encode(model.factors()[0]),
        RouterModelArtifact.encode(model.factors()[1]),
        model.biases()[0],
        model.biases()[1],
        RouterModelArtifact.encode(ScoreQuantiles.of(finite(linearScores)).quantiles()),
        RouterModelArtifact.encode(ScoreQuantiles.of(finite(factorisationScores)).quantiles()));
  }

  private RouterModelArtifact.PairEnsemble pairEnsemble(
      List<TrainingExample> examples,
      String strong,
      String weak,
      RouterModelArtifact.EnsembleCvResult chosen,
      double[] linearScores,
      double[] neighbourScores) {
    NeighbourScorer scorer = neighbourScorer(examples, strong, weak, chosen.neighbours());
    PrincipalComponents pca = scorer.pca();
    float[] basis = new float[pca.components() * pca.mean().length];
    for (int c = 0; c < pca.components(); c++) {
      System.arraycopy(pca.basis()[c], 0, basis, c * pca.mean().length, pca.mean().length);
    }
    return new RouterModelArtifact.PairEnsemble(
        chosen.linearWeight(),
        chosen.neighbours(),
        pca.components(),
        RouterModelArtifact.encode(pca.mean()),
        RouterModelArtifact.encode(basis),
        RouterModelArtifact.encodeBytes(scorer.codes()),
        RouterModelArtifact.encode(scorer.gaps()),
        RouterModelArtifact.encode(ScoreQuantiles.of(finite(linearScores)).quantiles()),
        RouterModelArtifact.encode(ScoreQuantiles.of(finite(neighbourScores)).quantiles()));
  }

  private static double[] finite(double[] scores) {
    return Arrays.stream(scores).filter(Double::isFinite).toArray();
  }

  /**
   * Mean APGR over the validation folds of {@code w · rank(linear) + (1 − w) · rank(neighbour)},
   * ranks taken within each fold (RouteLLM-style rank averaging); {@code neighbour} may be null
   * when w = 1.
   */
  private double foldApgr(
      List<TrainingExample> examples,
      int[] fold,
      String strong,
      String weak,
      double[] linear,
      double[] neighbour,
      double linearWeight) {
    double total = 0;
    int counted = 0;
    for (int f = 0; f < settings.folds(); f++) {
      List<Integer> members = new ArrayList<>();
      for (int i = 0; i < examples.size(); i++) {
        if (fold[i] == f && Double.isFinite(linear[i])) {
          members.add(i);
        }
      }
      if (members.isEmpty()) {
        continue;
      }
      double[] strongQuality =
          members.stream().mapToDouble(i -> examples.get(i).quality().get(strong)).toArray();
      double[] weakQuality =
          members.stream().mapToDouble(i -> examples.get(i).quality().get(weak)).toArray();
      if (mean(strongQuality) <= mean(weakQuality)) {
        continue; // PGR undefined on this fold
      }
      double[] scores = members.stream().mapToDouble(i -> linear[i]).toArray();
      if (linearWeight < 1.0) {
        double[] linearRanks = RankAverage.ranks(scores);
        double[] neighbourRanks =
            RankAverage.ranks(members.stream().mapToDouble(i -> neighbour[i]).toArray());
        scores = RankAverage.combine(linearRanks, neighbourRanks, linearWeight);
      }
      double[] zero = new double[members.size()];
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
