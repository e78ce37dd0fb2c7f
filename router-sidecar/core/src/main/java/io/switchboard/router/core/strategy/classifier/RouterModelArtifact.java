package io.switchboard.router.core.strategy.classifier;

import io.switchboard.router.config.ClassifierModelHeader;
import io.switchboard.router.config.EncoderSpec;
import io.switchboard.router.core.calibration.CalibrationFit;
import io.switchboard.router.core.calibration.IsotonicMap;
import io.switchboard.router.core.calibration.PlattMap;
import io.switchboard.router.core.calibration.QualityCalibrator;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The file written by {@code switchboard-eval train} and referenced by a classifier policy ({@code
 * classifier.modelFile}). JSON; float vectors are base64 little-endian float32 so a model for a
 * dozen experts stays well under a ConfigMap's 1 MiB.
 *
 * @param formatVersion bump on incompatible change
 * @param embeddingModel must match the router's embedder (vectors are model specific)
 * @param maxTokens truncation the embeddings were computed with
 * @param truncation which end of a long prompt was embedded ({@code HEAD} or {@code TAIL})
 * @param hashBuckets width of the hashed TF-IDF block (0: none)
 * @param featureMean standardisation of the dense block
 * @param featureDeviation standardisation of the dense block
 * @param idf per-bucket inverse document frequency
 * @param experts one quality predictor per expert
 * @param strongExpert expert the "needs strong" score is measured against
 * @param weakExpert the cheap expert of that pair
 * @param pairWeights optional direct model of the strong/weak gap, {@code P = (q_s − q_w + 1) / 2};
 *     when present it gives the "needs strong" score, else the per-expert difference does
 * @param training provenance and the hyperparameters chosen by cross-validation
 * @param pairEnsemble optional: when present, the "needs strong" score is the rank average of the
 *     linear score above and a kNN score (see {@link PairEnsemble}); absent in older files
 * @param pairFactorisation optional, exclusive with {@code pairEnsemble}: the rank average of the
 *     linear score and a matrix-factorisation score (see {@link PairFactorisation}); absent in
 *     older files
 * @param outOfFold optional: what was fitted on the out-of-fold predictions of the training prompts
 *     (the cost–quality curve a {@code targetQuality} is resolved on); absent in older files, which
 *     then cannot serve a quality target
 */
public record RouterModelArtifact(
    int formatVersion,
    String embeddingModel,
    int maxTokens,
    String truncation,
    int hashBuckets,
    String featureMean,
    String featureDeviation,
    String idf,
    List<Expert> experts,
    String strongExpert,
    String weakExpert,
    String pairWeights,
    Training training,
    PairEnsemble pairEnsemble,
    PairFactorisation pairFactorisation,
    OutOfFold outOfFold) {

  public RouterModelArtifact {
    if (pairEnsemble != null && pairFactorisation != null) {
      throw new IllegalArgumentException(
          "a router model has at most one second pair scorer (kNN or factorisation)");
    }
  }

  public static final int FORMAT_VERSION = ClassifierModelHeader.FORMAT_VERSION;

  /** An artifact without the kNN ensemble (the format before it existed). */
  public RouterModelArtifact(
      int formatVersion,
      String embeddingModel,
      int maxTokens,
      String truncation,
      int hashBuckets,
      String featureMean,
      String featureDeviation,
      String idf,
      List<Expert> experts,
      String strongExpert,
      String weakExpert,
      String pairWeights,
      Training training) {
    this(
        formatVersion,
        embeddingModel,
        maxTokens,
        truncation,
        hashBuckets,
        featureMean,
        featureDeviation,
        idf,
        experts,
        strongExpert,
        weakExpert,
        pairWeights,
        training,
        null,
        null,
        null);
  }

  /** An artifact without the out-of-fold fit (the format before calibration existed). */
  public RouterModelArtifact(
      int formatVersion,
      String embeddingModel,
      int maxTokens,
      String truncation,
      int hashBuckets,
      String featureMean,
      String featureDeviation,
      String idf,
      List<Expert> experts,
      String strongExpert,
      String weakExpert,
      String pairWeights,
      Training training,
      PairEnsemble pairEnsemble,
      PairFactorisation pairFactorisation) {
    this(
        formatVersion,
        embeddingModel,
        maxTokens,
        truncation,
        hashBuckets,
        featureMean,
        featureDeviation,
        idf,
        experts,
        strongExpert,
        weakExpert,
        pairWeights,
        training,
        pairEnsemble,
        pairFactorisation,
        null);
  }

  public RouterModelArtifact withTraining(Training provenance) {
    return copy(
        experts, strongExpert, weakExpert, provenance, pairEnsemble, pairFactorisation, outOfFold);
  }

  /**
   * This model with its experts (and the strong/weak pair) renamed by {@code names}, model id →
   * expert name; ids not in {@code names} keep theirs.
   */
  public RouterModelArtifact withExpertNames(Map<String, String> names) {
    return copy(
        experts.stream()
            .map(
                e ->
                    new Expert(
                        names.getOrDefault(e.name(), e.name()),
                        e.weights(),
                        e.costPerRequestUsd(),
                        e.meanQuality()))
            .toList(),
        strongExpert == null ? null : names.getOrDefault(strongExpert, strongExpert),
        weakExpert == null ? null : names.getOrDefault(weakExpert, weakExpert),
        training,
        pairEnsemble,
        pairFactorisation,
        outOfFold);
  }

  public RouterModelArtifact withPairEnsemble(PairEnsemble ensemble) {
    return copy(experts, strongExpert, weakExpert, training, ensemble, null, outOfFold);
  }

  public RouterModelArtifact withPairFactorisation(PairFactorisation factorisation) {
    return copy(experts, strongExpert, weakExpert, training, null, factorisation, outOfFold);
  }

  public RouterModelArtifact withOutOfFold(OutOfFold fitted) {
    return copy(
        experts, strongExpert, weakExpert, training, pairEnsemble, pairFactorisation, fitted);
  }

  /** The same predictors with new calibration maps (one per expert, by name). */
  public RouterModelArtifact withCalibration(Map<String, Calibration> calibration) {
    List<Expert> calibrated =
        experts.stream()
            .map(
                e ->
                    new Expert(
                        e.name(),
                        e.weights(),
                        e.costPerRequestUsd(),
                        e.meanQuality(),
                        calibration.get(e.name())))
            .toList();
    return copy(
        calibrated, strongExpert, weakExpert, training, pairEnsemble, pairFactorisation, outOfFold);
  }

  /**
   * This model with the parts the {@code with} methods replace; the feature space (embedder,
   * hashing, standardisation) and the pair weights never change after training.
   */
  private RouterModelArtifact copy(
      List<Expert> experts,
      String strongExpert,
      String weakExpert,
      Training training,
      PairEnsemble pairEnsemble,
      PairFactorisation pairFactorisation,
      OutOfFold outOfFold) {
    return new RouterModelArtifact(
        formatVersion,
        embeddingModel,
        maxTokens,
        truncation,
        hashBuckets,
        featureMean,
        featureDeviation,
        idf,
        experts,
        strongExpert,
        weakExpert,
        pairWeights,
        training,
        pairEnsemble,
        pairFactorisation,
        outOfFold);
  }

  /**
   * Rank-averaged "needs strong" score: {@code w · F_lin(linear score) + (1 − w) · F_knn(kNN
   * score)}, each F the empirical distribution of that scorer's out-of-fold scores on the training
   * prompts. The result is close to uniform on [0, 1] over traffic like the training prompts, so a
   * threshold t sends roughly the top {@code 1 − t} share of prompts to the strong expert.
   *
   * @param linearWeight w, chosen by cross-validation
   * @param neighbours k of the kNN scorer
   * @param pcaMean centring of the embeddings (float32)
   * @param pcaBasis {@code components × dims} principal axes, row-major (float32)
   * @param codes int8 codes of the training prompts' projected embeddings, row-major
   * @param gaps recorded strong − weak quality of each training prompt (float32)
   * @param linearQuantiles {@value ScoreQuantiles#POINTS} quantiles of the linear score (float32)
   * @param neighbourQuantiles {@value ScoreQuantiles#POINTS} quantiles of the kNN score (float32)
   */
  public record PairEnsemble(
      double linearWeight,
      int neighbours,
      int components,
      String pcaMean,
      String pcaBasis,
      String codes,
      String gaps,
      String linearQuantiles,
      String neighbourQuantiles) {}

  /**
   * Rank average of the linear score and a matrix-factorisation score ({@link
   * OutcomeFactorisation}, fitted on every expert's outcomes; only the strong and weak experts'
   * factors are kept): {@code w · F_lin(linear) + (1 − w) · F_mf(σ(b_s + v_s·P·z) − σ(b_w +
   * v_w·P·z))}, z the standardised embedding.
   *
   * @param linearWeight w, chosen by cross-validation
   * @param rank rows of the projection
   * @param inputMean standardisation of the embedding (float32)
   * @param inputDeviation standardisation of the embedding (float32)
   * @param projection {@code rank × dims} P, row-major (float32)
   * @param strongFactor v_s (float32)
   * @param weakFactor v_w (float32)
   * @param strongBias b_s
   * @param weakBias b_w
   * @param linearQuantiles {@value ScoreQuantiles#POINTS} quantiles of the linear score (float32)
   * @param factorisationQuantiles {@value ScoreQuantiles#POINTS} quantiles of the factorisation
   *     score (float32)
   */
  public record PairFactorisation(
      double linearWeight,
      int rank,
      String inputMean,
      String inputDeviation,
      String projection,
      String strongFactor,
      String weakFactor,
      double strongBias,
      double weakBias,
      String linearQuantiles,
      String factorisationQuantiles) {}

  /**
   * Logistic quality predictor of one expert, its average cost per request and mean recorded
   * quality on the training prompts.
   *
   * @param calibration optional map from the raw logistic output to calibrated quality (absent: raw
   *     output, as in older files)
   */
  public record Expert(
      String name,
      String weights,
      double costPerRequestUsd,
      double meanQuality,
      Calibration calibration) {
    public Expert(String name, String weights, double costPerRequestUsd, double meanQuality) {
      this(name, weights, costPerRequestUsd, meanQuality, null);
    }
  }

  /**
   * A calibration map fitted on one expert's out-of-fold predictions (see {@link
   * io.switchboard.router.core.calibration.CalibrationFit}).
   *
   * @param method {@code none}, {@code isotonic} ({@code x}, {@code y} are its knots) or {@code
   *     platt} ({@code slope}, {@code intercept})
   * @param samples out-of-fold predictions it was fitted on
   * @param outOfFoldEce ECE (10 bins) of the raw out-of-fold predictions
   * @param calibratedEce cross-fitted ECE after the map
   */
  public record Calibration(
      String method,
      double[] x,
      double[] y,
      double slope,
      double intercept,
      int samples,
      double outOfFoldEce,
      double calibratedEce) {

    public static Calibration of(CalibrationFit fit) {
      if (fit.calibrator() instanceof IsotonicMap iso) {
        return new Calibration(
            "isotonic", iso.x(), iso.y(), 0, 0, fit.samples(), fit.eceBefore(), fit.eceAfter());
      }
      if (fit.calibrator() instanceof PlattMap platt) {
        return new Calibration(
            "platt",
            null,
            null,
            platt.slope(),
            platt.intercept(),
            fit.samples(),
            fit.eceBefore(),
            fit.eceAfter());
      }
      return new Calibration(
          "none", null, null, 0, 0, fit.samples(), fit.eceBefore(), fit.eceAfter());
    }

    public QualityCalibrator calibrator() {
      return switch (method) {
        case "none" -> QualityCalibrator.identity();
        case "isotonic" -> new IsotonicMap(x, y);
        case "platt" -> new PlattMap(slope, intercept);
        default -> throw new IllegalArgumentException("unknown calibration method " + method);
      };
    }
  }

  /**
   * Fitted on the training prompts' out-of-fold predictions (each fold scored by predictors fitted
   * on the other folds, then calibrated).
   *
   * @param folds folds of that pass
   * @param targetCurve for each threshold of the rule {@code argmax q̂ − threshold · ĉ}, the mean
   *     recorded quality and cost per request the rule achieved out of fold, every expert of the
   *     artifact a candidate; a quality target is met by the cheapest point at or above it
   */
  public record OutOfFold(int folds, List<TargetPoint> targetCurve) {}

  /** One operating point of the out-of-fold cost–quality curve. */
  public record TargetPoint(double threshold, double meanQuality, double costPerRequestUsd) {}

  /**
   * @param cvApgr cross-validated APGR of the chosen model (the ensemble's when there is one)
   * @param ensembleGrid the ensemble grid searched after the linear model was chosen (empty: none)
   */
  public record Training(
      String dataset,
      int prompts,
      long seed,
      String score,
      double l2,
      double sparseL2,
      int folds,
      double cvApgr,
      List<CvResult> grid,
      List<EnsembleCvResult> ensembleGrid) {}

  public record CvResult(
      String score, double l2, double sparseL2, int hashBuckets, double meanApgr) {}

  /**
   * One point of the ensemble grid: linear weight and second scorer, with the mean validation-fold
   * APGR.
   *
   * @param neighbours k of a kNN scorer (0 for a factorisation)
   * @param scorer {@code knn} or {@code mf rank=R l2=L}; absent (kNN) in older files
   */
  public record EnsembleCvResult(
      double linearWeight, int neighbours, double meanApgr, String scorer) {
    public EnsembleCvResult(double linearWeight, int neighbours, double meanApgr) {
      this(linearWeight, neighbours, meanApgr, "knn");
    }
  }

  static String encode(float[] values) {
    ByteBuffer buffer =
        ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    for (float value : values) {
      buffer.putFloat(value);
    }
    return Base64.getEncoder().encodeToString(buffer.array());
  }

  static String encode(double[] values) {
    float[] narrowed = new float[values.length];
    for (int i = 0; i < values.length; i++) {
      narrowed[i] = (float) values[i];
    }
    return encode(narrowed);
  }

  static String encodeBytes(byte[] values) {
    return Base64.getEncoder().encodeToString(values);
  }

  static byte[] decodeBytes(String base64) {
    return Base64.getDecoder().decode(base64);
  }

  static float[] decodeFloats(String base64) {
    ByteBuffer buffer =
        ByteBuffer.wrap(Base64.getDecoder().decode(base64)).order(ByteOrder.LITTLE_ENDIAN);
    float[] values = new float[buffer.remaining() / Float.BYTES];
    for (int i = 0; i < values.length; i++) {
      values[i] = buffer.getFloat();
    }
    return values;
  }

  static double[] decodeDoubles(String base64) {
    float[] floats = decodeFloats(base64);
    double[] values = new double[floats.length];
    for (int i = 0; i < floats.length; i++) {
      values[i] = floats[i];
    }
    return values;
  }

  /** The fields that say whether a policy may use this model (format, encoder). */
  public ClassifierModelHeader header() {
    return new ClassifierModelHeader(formatVersion, embeddingModel, maxTokens, truncation);
  }

  /**
   * The encoder the model was trained with: a router must embed with exactly this one (vectors are
   * model specific).
   */
  public EncoderSpec encoderSpec() {
    return header().encoderSpec();
  }
}
