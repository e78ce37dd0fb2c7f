package io.switchboard.router.core.strategy.classifier;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.router.config.EncoderSpec;
import io.switchboard.router.core.calibration.QualityCalibrator;
import io.switchboard.router.core.features.QueryFeatures;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The trained classifier router at run time. Each expert {@code e} has a predicted quality {@code
 * p̂ₑ(x)}; the router picks {@code argmax p̂ₑ − threshold · ĉₑ} where {@code ĉₑ} is the expert's
 * cost rescaled to [0, 1] across the pool. With two experts this is RouteLLM's rule: go strong when
 * {@code p̂_strong − p̂_weak ≥ threshold} (for cost-normalised 1 vs 0), so the threshold picks the
 * cost–quality point; with more it generalises to any pool.
 */
public final class QualityRouter {

  private final RouterModelArtifact artifact;
  private final FeatureSpace space;
  private final Map<String, double[]> weights = new LinkedHashMap<>();
  private final Map<String, Double> normalisedCost = new LinkedHashMap<>();
  private final Map<String, QualityCalibrator> calibrators = new LinkedHashMap<>();
  private final double[] pairWeights;

  /** The pair ensemble's second scorer (kNN or factorisation), null without an ensemble. */
  private final ToDoubleFunction<QueryFeatures> secondScorer;

  private final ScoreQuantiles linearQuantiles;
  private final ScoreQuantiles secondQuantiles;
  private final double linearWeight;

  public QualityRouter(RouterModelArtifact artifact) {
    artifact.header().requireFormat();
    this.artifact = artifact;
    this.space =
        new FeatureSpace(
            artifact.hashBuckets(),
            RouterModelArtifact.decodeFloats(artifact.featureMean()),
            RouterModelArtifact.decodeFloats(artifact.featureDeviation()),
            RouterModelArtifact.decodeFloats(artifact.idf()));
    this.pairWeights =
        artifact.pairWeights() == null
            ? null
            : RouterModelArtifact.decodeDoubles(artifact.pairWeights());
    RouterModelArtifact.PairEnsemble ensemble = artifact.pairEnsemble();
    if (ensemble != null) {
      float[] mean = RouterModelArtifact.decodeFloats(ensemble.pcaMean());
      float[] flat = RouterModelArtifact.decodeFloats(ensemble.pcaBasis());
      if (ensemble.components() < 1 || flat.length != ensemble.components() * mean.length) {
        throw new IllegalArgumentException(
            "pair ensemble basis has "
                + flat.length
                + " values, expected "
                + ensemble.components()
                + " x "
                + mean.length);
      }
      float[][] basis = new float[ensemble.components()][];
      for (int c = 0; c < basis.length; c++) {
        basis[c] = Arrays.copyOfRange(flat, c * mean.length, (c + 1) * mean.length);
      }
      NeighbourScorer neighbours =
          new NeighbourScorer(
              new PrincipalComponents(mean, basis),
              RouterModelArtifact.decodeBytes(ensemble.codes()),
              RouterModelArtifact.decodeFloats(ensemble.gaps()),
              ensemble.neighbours());
      this.secondScorer = features -> neighbours.score(features.requireEmbedding());
      this.linearQuantiles =
          new ScoreQuantiles(RouterModelArtifact.decodeFloats(ensemble.linearQuantiles()));
      this.secondQuantiles =
          new ScoreQuantiles(RouterModelArtifact.decodeFloats(ensemble.neighbourQuantiles()));
      this.linearWeight = ensemble.linearWeight();
    } else if (artifact.pairFactorisation() != null) {
      RouterModelArtifact.PairFactorisation mf = artifact.pairFactorisation();
      OutcomeFactorisation pair = factorisation(mf);
      this.secondScorer = features -> pair.gap(features.requireEmbedding(), 0, 1);
      this.linearQuantiles =
          new ScoreQuantiles(RouterModelArtifact.decodeFloats(mf.linearQuantiles()));
      this.secondQuantiles =
          new ScoreQuantiles(RouterModelArtifact.decodeFloats(mf.factorisationQuantiles()));
      this.linearWeight = mf.linearWeight();
    } else {
      this.secondScorer = null;
      this.linearQuantiles = null;
      this.secondQuantiles = null;
      this.linearWeight = 1.0;
    }
    double minCost =
        artifact.experts().stream()
            .mapToDouble(RouterModelArtifact.Expert::costPerRequestUsd)
            .min()
            .orElse(0);
    double maxCost =
        artifact.experts().stream()
            .mapToDouble(RouterModelArtifact.Expert::costPerRequestUsd)
            .max()
            .orElse(0);
    for (RouterModelArtifact.Expert expert : artifact.experts()) {
      double[] w = RouterModelArtifact.decodeDoubles(expert.weights());
      if (w.length != space.width() + 1) {
        throw new IllegalArgumentException(
            "expert "
                + expert.name()
                + " has "
                + w.length
                + " weights, expected "
                + (space.width() + 1));
      }
      weights.put(expert.name(), w);
      calibrators.put(
          expert.name(),
          expert.calibration() == null
              ? QualityCalibrator.identity()
              : expert.calibration().calibrator());
      normalisedCost.put(
          expert.name(),
          maxCost > minCost ? (expert.costPerRequestUsd() - minCost) / (maxCost - minCost) : 0.0);
    }
  }

  /** The strong/weak factorisation stored in an artifact: experts 0 (strong) and 1 (weak). */
  private static OutcomeFactorisation factorisation(RouterModelArtifact.PairFactorisation mf) {
    float[] mean = RouterModelArtifact.decodeFloats(mf.inputMean());
    float[] deviation = RouterModelArtifact.decodeFloats(mf.inputDeviation());
    float[] flat = RouterModelArtifact.decodeFloats(mf.projection());
    float[] strong = RouterModelArtifact.decodeFloats(mf.strongFactor());
    float[] weak = RouterModelArtifact.decodeFloats(mf.weakFactor());
    if (mf.rank() < 1
        || deviation.length != mean.length
        || flat.length != mf.rank() * mean.length
        || strong.length != mf.rank()
        || weak.length != mf.rank()) {
      throw new IllegalArgumentException(
          "pair factorisation of rank "
              + mf.rank()
              + " has inconsistent sizes: projection "
              + flat.length
              + ", input "
              + mean.length
              + "/"
              + deviation.length
              + ", factors "
              + strong.length
              + "/"
              + weak.length);
    }
    float[][] projection = new float[mf.rank()][];
    for (int r = 0; r < projection.length; r++) {
      projection[r] = Arrays.copyOfRange(flat, r * mean.length, (r + 1) * mean.length);
    }
    return new OutcomeFactorisation(
        mean,
        deviation,
        projection,
        new float[][] {strong, weak},
        new float[] {(float) mf.strongBias(), (float) mf.weakBias()});
  }

  public static QualityRouter load(Path file, ObjectMapper json) throws IOException {
    return new QualityRouter(json.readValue(file.toFile(), RouterModelArtifact.class));
  }

  /**
   * Loads a model and refuses it unless it was trained with the encoder the policy embeds with:
   * vectors of another encoder, length or truncation would be scored silently wrong.
   */
  public static QualityRouter load(Path file, ObjectMapper json, EncoderSpec policyEncoder)
      throws IOException {
    return checked(json.readValue(file.toFile(), RouterModelArtifact.class), policyEncoder);
  }

  private static QualityRouter checked(RouterModelArtifact artifact, EncoderSpec policyEncoder) {
    artifact.header().requireEncoder(policyEncoder);
    return new QualityRouter(artifact);
  }

  public RouterModelArtifact artifact() {
    return artifact;
  }

  public Collection<String> experts() {
    return weights.keySet();
  }

  /**
   * Predicted quality of each expert (probability of a good answer, or expected graded score),
   * calibrated by the map the artifact carries for the expert (if any).
   */
  public Map<String, Double> predictQuality(QueryFeatures features) {
    Map<String, Double> predicted = predictRawQuality(features);
    predicted.replaceAll((name, raw) -> calibrators.get(name).calibrate(raw));
    return predicted;
  }

  /** The logistic predictors' outputs before calibration. */
  public Map<String, Double> predictRawQuality(QueryFeatures features) {
    FeatureRow row = space.row(features);
    Map<String, Double> predicted = new LinkedHashMap<>();
    weights.forEach((name, w) -> predicted.put(name, LogisticRegression.sigmoid(row.dot(w))));
    return predicted;
  }

  /** Mean recorded quality of {@code expert} on the training prompts, or NaN when unknown. */
  public double trainingQuality(String expert) {
    return artifact.experts().stream()
        .filter(e -> e.name().equals(expert))
        .mapToDouble(RouterModelArtifact.Expert::meanQuality)
        .findFirst()
        .orElse(Double.NaN);
  }

  /** Whether the artifact carries the out-of-fold curve a quality target is resolved on. */
  public boolean supportsTarget() {
    return artifact.outOfFold() != null
        && artifact.outOfFold().targetCurve() != null
        && !artifact.outOfFold().targetCurve().isEmpty();
  }

  /** The threshold of the cheapest out-of-fold operating point at or above {@code quality}. */
  public TargetCurve.Resolution resolveTarget(double quality) {
    if (!supportsTarget()) {
      throw new IllegalArgumentException(
          "the router model was trained without an out-of-fold target curve; retrain it with this"
              + " version of switchboard-eval train to use targetQuality");
    }
    return TargetCurve.resolve(artifact.outOfFold().targetCurve(), quality);
  }

  /** Cost of each known expert rescaled to [0, 1] across the pool, as the routing rule uses it. */
  Map<String, Double> normalisedCosts() {
    return normalisedCost;
  }

  /**
   * RouteLLM's score for the strong/weak pair: how much better the strong expert is predicted to
   * do. With a pair ensemble it is the rank average of the linear score and the second scorer's
   * (kNN or factorisation), in [0, 1].
   */
  public double needsStrongScore(QueryFeatures features) {
    if (secondScorer == null) {
      return linearScore(features);
    }
    double linear = linearQuantiles.cdf(linearScore(features));
    double second = secondQuantiles.cdf(secondScorer.applyAsDouble(features));
    return linearWeight * linear + (1 - linearWeight) * second;
  }

  /**
   * Whether this model routes a two-expert choice by the pair score ({@link #needsStrongScore}).
   */
  public boolean routesPairByScore(Collection<String> candidates) {
    return secondScorer != null
        && candidates.size() == 2
        && candidates.contains(artifact.strongExpert())
        && candidates.contains(artifact.weakExpert());
  }

  /**
   * Two-expert decision with the pair ensemble: strong when the rank-averaged score ≥ threshold.
   */
  public String choosePair(QueryFeatures features, double threshold) {
    return needsStrongScore(features) >= threshold
        ? artifact.strongExpert()
        : artifact.weakExpert();
  }

  private double linearScore(QueryFeatures features) {
    if (pairWeights != null) {
      return 2 * LogisticRegression.sigmoid(space.row(features).dot(pairWeights)) - 1;
    }
    // Raw outputs: the pair score's quantiles were taken on uncalibrated out-of-fold scores.
    Map<String, Double> quality = predictRawQuality(features);
    return quality.get(artifact.strongExpert()) - quality.get(artifact.weakExpert());
  }

  /**
   * Best expert among {@code candidates} at this cost–quality point; unknown experts are skipped.
   */
  public String choose(QueryFeatures features, List<String> candidates, double threshold) {
    if (routesPairByScore(candidates)) {
      return choosePair(features, threshold);
    }
    return choose(predictQuality(features), candidates, threshold);
  }

  public String choose(
      Map<String, Double> predictedQuality, List<String> candidates, double threshold) {
    String best = null;
    double bestUtility = Double.NEGATIVE_INFINITY;
    for (String candidate : candidates) {
      Double quality = predictedQuality.get(candidate);
      if (quality == null) {
        continue;
      }
      double utility = quality - threshold * normalisedCost.get(candidate);
      if (utility > bestUtility) {
        bestUtility = utility;
        best = candidate;
      }
    }
    if (best == null) {
      throw new IllegalArgumentException(
          "none of the candidate experts "
              + candidates
              + " is known to the router model "
              + weights.keySet());
    }
    return best;
  }
}
