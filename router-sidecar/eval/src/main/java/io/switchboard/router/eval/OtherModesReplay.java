package io.switchboard.router.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.router.core.features.PromptEncoder;
import io.switchboard.router.core.features.QueryFeatures;
import io.switchboard.router.core.strategy.capability.NeedsEstimator;
import io.switchboard.router.core.strategy.classifier.QualityRouter;
import io.switchboard.router.core.strategy.classifier.RouterModelArtifact;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * Replays the cascade and capability modes on held-out prompts, each built from a router config
 * through the router's own factories ({@link StrategyReplay}), and adds their operating points to
 * the cost–quality table.
 *
 * <ul>
 *   <li><b>cascade, predictor</b>: the stages are the training split's cost–quality staircase of
 *       single experts (cheapest first, each next one better on average); confidence = the
 *       classifier model's predicted quality of the answering expert; the thresholds are the
 *       deciles of the first stage's predicted quality on the training prompts (a fixed grid would
 *       sit outside the range a model predicts). Escalated prompts pay every stage.
 *   <li><b>cascade, judge</b>: the recorded outcome stands in for the judge's grade (score 1–10
 *       from the recorded quality): a judge that always agrees with the benchmark's grading (an
 *       upper bound), and one that gives a random grade 20 % of the time. These rows are simulated
 *       judges, labelled so. A judge call is priced as one answer of the strongest expert on that
 *       prompt, which overestimates a one-token grade.
 *   <li><b>capability</b>: experts' capability cards are measured on the training split (reasoning,
 *       knowledge, creativity = their mean recorded quality on prompts weighted by each axis'
 *       estimated need; cost = 1 − their log-scaled mean cost across the pool; speed 0, as no
 *       latency is recorded), swept over the policy's cost weight. Hand-declared cards in a real
 *       pool replace the measurement.
 * </ul>
 */
final class OtherModesReplay {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final double[] COST_WEIGHTS = {0, 0.1, 0.2, 0.3, 0.5, 1, 2};
  static final double NOISY_JUDGE_RANDOM_SHARE = 0.2;

  private final Workbench bench;

  /**
   * The prompts the classifier was trained on (the set's training split, plus any --extra-train
   * sets').
   */
  private final List<EvalPrompt> train;

  private final Function<EvalPrompt, QueryFeatures> trainFeatures;
  private final PromptEncoder encoder;
  private final RouterModelArtifact artifact;
  private final String strongExpert;
  private final long seed;

  /**
   * @param extra the --extra-train sets, whose training splits the classifier also learned from
   */
  OtherModesReplay(
      Workbench bench,
      List<Workbench> extra,
      PromptEncoder encoder,
      RouterModelArtifact artifact,
      String strongExpert,
      long seed) {
    this.bench = bench;
    // Prompts of different sets may share ids: features are looked up by the prompt object itself.
    Map<EvalPrompt, QueryFeatures> features = new IdentityHashMap<>();
    List<EvalPrompt> prompts = new ArrayList<>();
    for (Workbench w : concat(bench, extra)) {
      for (EvalPrompt p : w.train()) {
        prompts.add(p);
        features.put(p, w.features(p));
      }
    }
    this.train = prompts;
    this.trainFeatures = features::get;
    this.encoder = encoder;
    this.artifact = artifact;
    this.strongExpert = strongExpert;
    this.seed = seed;
  }

  private static List<Workbench> concat(Workbench first, List<Workbench> rest) {
    List<Workbench> all = new ArrayList<>(List.of(first));
    all.addAll(rest);
    return all;
  }

  void addTo(FrontierReport frontier) throws IOException {
    if (train.isEmpty()) {
      return; // nothing to derive stages, thresholds or cards from
    }
    Path work = Files.createTempDirectory("switchboard-replay");
    try {
      Path model = work.resolve("classifier.json");
      Files.write(model, JSON.writeValueAsBytes(artifact));
      StrategyReplay replay = new StrategyReplay(bench, encoder::embed, work);
      List<String> experts = bench.set().experts();
      List<String> stages = costQualityStaircase(train, experts);
      frontier.note(
          "cascade stages (the training split's cost-quality staircase): "
              + String.join(" > ", stages.stream().map(OtherModesReplay::shortName).toList()));

      for (double threshold : predictorThresholds(stages.get(0))) {
        ObjectNode policy = policy("cascade");
        policy
            .with("params")
            .with("cascade")
            .put("confidence", "predictor")
            .put("threshold", threshold)
            .set("order", JSON.valueToTree(stages));
        policy.with("params").with("classifier").put("modelFile", model.toString());
        add(
            frontier,
            replay,
            "cascade predictor",
            threshold,
            replay.build(policy, experts, Map.of(), null));
      }
      for (boolean noisy : new boolean[] {false, true}) {
        ObjectNode policy = policy("cascade");
        policy
            .with("params")
            .with("cascade")
            .put("confidence", "judge")
            .put("threshold", 0.5)
            .put("judgeExpert", strongExpert)
            .set("order", JSON.valueToTree(stages));
        StrategyReplay.RecordedJudge judge = recordedJudge(noisy, new SplittableRandom(seed + 3));
        add(
            frontier,
            replay,
            noisy
                ? "cascade judge (simulated, 80% agreement)"
                : "cascade judge (simulated, perfect)",
            0.5,
            replay.build(policy, experts, Map.of(), judge));
      }
      Map<String, double[]> cards = measuredCards(experts);
      for (double costWeight : COST_WEIGHTS) {
        ObjectNode policy = policy("capability");
        policy
            .putObject("rewardWeights")
            .put("quality", 1)
            .put("cost", costWeight)
            .put("latency", 0);
        add(
            frontier,
            replay,
            "capability (cards measured on train)",
            costWeight,
            replay.build(policy, experts, cards, null));
      }
    } finally {
      try (var files = Files.list(work)) {
        for (Path f : files.toList()) {
          Files.deleteIfExists(f);
        }
      }
      Files.deleteIfExists(work);
    }
  }

  private static void add(
      FrontierReport frontier,
      StrategyReplay replay,
      String router,
      double setting,
      StrategyReplay.Built built) {
    try (built) {
      frontier.addOutcomes(
          router, String.format(Locale.ROOT, "%.3f", setting), p -> replay.run(built, p));
    }
  }

  /** Deciles (10 %–90 %) of {@code firstStage}'s predicted quality over the training prompts. */
  private double[] predictorThresholds(String firstStage) {
    QualityRouter predictor = new QualityRouter(artifact);
    double[] predicted =
        train.stream()
            .mapToDouble(
                p -> predictor.predictQuality(trainFeatures.apply(p)).getOrDefault(firstStage, 0.0))
            .sorted()
            .toArray();
    double[] thresholds = new double[9];
    for (int i = 1; i <= 9; i++) {
      thresholds[i - 1] =
          predicted[Math.min(predicted.length - 1, (int) Math.floor(i / 10.0 * predicted.length))];
    }
    return thresholds;
  }

  private ObjectNode policy(String mode) {
    ObjectNode policy =
        JSON.createObjectNode().put("name", "replay").put("virtualModel", "auto").put("mode", mode);
    policy
        .putObject("embedding")
        .put("encoder", encoder.spec().encoder().wireName())
        .put("maxTokens", encoder.spec().maxTokens())
        .put("truncation", encoder.spec().truncation().name().toLowerCase(Locale.ROOT));
    return policy;
  }

  /**
   * Single experts by mean training cost, keeping each one that is better on average than every
   * cheaper one kept: the stages a cost-minded operator would cascade through. Ends at the best
   * expert.
   */
  static List<String> costQualityStaircase(List<EvalPrompt> train, List<String> experts) {
    record Mean(String expert, double cost, double quality) {}
    List<Mean> means = new ArrayList<>();
    for (String e : experts) {
      means.add(
          new Mean(
              e,
              train.stream().mapToDouble(p -> p.costUsd().getOrDefault(e, 0.0)).average().orElse(0),
              train.stream()
                  .mapToDouble(p -> p.quality().getOrDefault(e, 0.0))
                  .average()
                  .orElse(0)));
    }
    means.sort(Comparator.comparingDouble(Mean::cost).thenComparing(Mean::expert));
    List<String> stages = new ArrayList<>();
    double best = Double.NEGATIVE_INFINITY;
    for (Mean m : means) {
      if (m.quality() > best) {
        stages.add(m.expert());
        best = m.quality();
      }
    }
    return stages;
  }

  /**
   * The judge's grade from the recorded quality q ∈ [0, 1]: round(1 + 9q); the noisy judge is
   * random 20 % of the time.
   */
  private StrategyReplay.RecordedJudge recordedJudge(boolean noisy, SplittableRandom random) {
    return new StrategyReplay.RecordedJudge() {
      @Override
      public String grade(EvalPrompt prompt, String expert) {
        int score = (int) Math.round(1 + 9 * prompt.quality().getOrDefault(expert, 0.0));
        if (noisy && random.nextDouble() < NOISY_JUDGE_RANDOM_SHARE) {
          score = 1 + random.nextInt(10);
        }
        return Integer.toString(score);
      }

      @Override
      public double callCostUsd(EvalPrompt prompt) {
        return prompt.costUsd().getOrDefault(strongExpert, 0.0);
      }
    };
  }

  /** Capability cards measured on the training split (see the class comment). */
  Map<String, double[]> measuredCards(List<String> experts) {
    NeedsEstimator needs = new NeedsEstimator(encoder::embed, 1, 0, 0);
    double[][] axisQuality = new double[experts.size()][3];
    double[] axisWeight = new double[3];
    for (EvalPrompt p : train) {
      double[] n = needs.needs(trainFeatures.apply(p).requireEmbedding());
      for (int a = 0; a < 3; a++) {
        axisWeight[a] += n[a];
        for (int e = 0; e < experts.size(); e++) {
          axisQuality[e][a] += n[a] * p.quality().getOrDefault(experts.get(e), 0.0);
        }
      }
    }
    double[] logCost = new double[experts.size()];
    for (int e = 0; e < experts.size(); e++) {
      String expert = experts.get(e);
      logCost[e] =
          Math.log(
              1e-9
                  + train.stream()
                      .mapToDouble(p -> p.costUsd().getOrDefault(expert, 0.0))
                      .average()
                      .orElse(0));
    }
    double min = Arrays.stream(logCost).min().orElse(0);
    double max = Arrays.stream(logCost).max().orElse(0);
    Map<String, double[]> cards = new HashMap<>();
    for (int e = 0; e < experts.size(); e++) {
      double[] card = new double[5];
      for (int a = 0; a < 3; a++) {
        card[a] = axisWeight[a] > 0 ? axisQuality[e][a] / axisWeight[a] : 0;
      }
      card[4] = max > min ? 1 - (logCost[e] - min) / (max - min) : 0.5;
      cards.put(experts.get(e), card);
    }
    return cards;
  }

  private static String shortName(String expert) {
    return expert.substring(expert.lastIndexOf('/') + 1);
  }
}
