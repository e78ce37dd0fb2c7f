package io.switchboard.router.eval;

import io.switchboard.router.core.calibration.CalibrationError;
import io.switchboard.router.core.features.PromptEncoder;
import io.switchboard.router.core.features.RequestQueryFeatures;
import io.switchboard.router.core.spi.Decision;
import io.switchboard.router.core.strategy.bandit.BanditStrategy;
import io.switchboard.router.core.strategy.bandit.BanditStrategyFactory;
import io.switchboard.router.core.strategy.bandit.ContextEncoder;
import io.switchboard.router.core.strategy.bandit.ContextualBandit;
import io.switchboard.router.core.strategy.bandit.RewardFunction;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Replays recorded outcomes as bandit feedback: each step draws a prompt (seeded, with
 * replacement), the bandit strategy (the router's own class) chooses an expert among those that
 * answered it, and learns the reward {@code quality − costWeight · cost / 1¢} of that expert's
 * recorded outcome. Reports cumulative reward and regret against the per-prompt oracle (best arm in
 * hindsight for that prompt) and the best single expert.
 *
 * <p>With {@code --tune}, each algorithm's exploration parameter (and, for the contextual ones, the
 * projected context width) is chosen from a small grid by replaying the <em>training</em> prompts,
 * the same way for all three; the reported replay draws from the held-out prompts only. Without it,
 * the policy defaults are used (alpha 1.0, epsilon 0.1). The reward is the policy's default ({@code
 * rewardWeights} quality 1, cost 0, latency 0) unless {@code --cost-weight} says otherwise; every
 * policy learns and is scored on the same reward and sees the same stream of prompts. With {@code
 * --warm-start} each policy additionally starts from the training prompts' recorded outcomes of
 * every expert (full information, as an offline log of such a benchmark gives) before the same
 * replay.
 */
@Command(
    name = "bandit",
    description =
        "Bandit cumulative reward and regret on recorded outcomes (LinUCB vs Thompson vs epsilon-greedy).")
final class BanditCommand implements Callable<Integer> {

  @Mixin DatasetOptions options;

  @Option(names = "--decisions", defaultValue = "10000", description = "Decisions to replay.")
  int decisions;

  @Option(
      names = "--cost-weight",
      defaultValue = "0",
      description =
          "Reward weight of cost per cent per request (default 0: the policy's default rewardWeights {quality 1, cost 0, latency 0}).")
  double costWeight;

  @Option(
      names = "--warm-start",
      description = "Also replay every policy warm-started on the training prompts' outcomes.")
  boolean warmStart;

  @Option(
      names = "--context-dims",
      defaultValue = "16",
      description = "Projected embedding dimensions of the context.")
  int contextDims;

  @Option(
      names = "--alpha",
      defaultValue = "1.0",
      description = "LinUCB exploration width (policy default 1.0).")
  double alpha;

  @Option(
      names = "--thompson-scale",
      defaultValue = "0.3",
      description = "Thompson posterior scale v.")
  double thompsonScale;

  @Option(
      names = "--epsilon",
      defaultValue = "0.1",
      description = "Epsilon-greedy exploration rate (policy default 0.1).")
  double epsilon;

  @Option(
      names = "--tune",
      description =
          "Choose exploration parameters by replaying the training split; report on the test split.")
  boolean tune;

  @Option(
      names = "--out",
      defaultValue = "target/eval",
      description = "Directory for CSV and SVG output.")
  Path out;

  private static final double[] ALPHA_GRID = {0.03, 0.1, 0.3, 1.0};
  private static final double[] THOMPSON_GRID = {0.03, 0.1, 0.3};
  private static final double[] EPSILON_GRID = {0.02, 0.05, 0.1, 0.2};
  private static final int[] CONTEXT_DIMS_GRID = {8, 16, 32};

  /**
   * @param calibration ECE of the chosen arm's predicted quality, each prediction made before its
   *     grade was learned (prequential, so every prediction is on an unseen outcome)
   */
  private record Run(
      String name,
      double[] cumulativeReward,
      double[] cumulativeRegret,
      CalibrationError calibration) {}

  /** One algorithm's setting: exploration parameter and context width. */
  private record Setting(String algorithm, double exploration, int contextDims) {}

  @Override
  public Integer call() throws Exception {
    PrintStream table = System.out;
    try (PromptEncoder embedder = options.embedder()) {
      for (Path[] dataset : options.resolved()) {
        replay(options.open(dataset[0], dataset[1].toString(), embedder), table);
      }
    }
    return 0;
  }

  private void replay(Workbench bench, PrintStream table) throws Exception {
    List<EvalPrompt> prompts = tune ? bench.test() : bench.set().prompts();
    List<String> experts = bench.set().experts();
    RewardFunction weights =
        new RewardFunction(
            1,
            costWeight,
            0,
            BanditStrategyFactory.COST_SCALE_USD,
            BanditStrategyFactory.LATENCY_SCALE_MS);
    List<Setting> settings = new ArrayList<>();
    if (tune) {
      List<EvalPrompt> train = bench.train();
      int[] trainSequence = sequence(train.size(), options.seed + 100);
      settings.add(
          best(
              "linucb",
              ALPHA_GRID,
              CONTEXT_DIMS_GRID,
              bench,
              train,
              experts,
              trainSequence,
              weights));
      settings.add(
          best(
              "thompson",
              THOMPSON_GRID,
              CONTEXT_DIMS_GRID,
              bench,
              train,
              experts,
              trainSequence,
              weights));
      // Context-free: its context width changes nothing, so it keeps the policy default.
      settings.add(
          best(
              "epsilon-greedy",
              EPSILON_GRID,
              new int[] {contextDims},
              bench,
              train,
              experts,
              trainSequence,
              weights));
    } else {
      settings.add(new Setting("linucb", alpha, contextDims));
      settings.add(new Setting("thompson", thompsonScale, contextDims));
      settings.add(new Setting("epsilon-greedy", epsilon, contextDims));
    }
    int[] sequence = sequence(prompts.size(), options.seed);

    List<Run> runs = new ArrayList<>();
    for (Setting setting : settings) {
      runs.add(
          run(setting, setting.algorithm(), bench, prompts, experts, sequence, weights, List.of()));
    }
    if (warmStart) {
      for (Setting setting : settings) {
        runs.add(
            run(
                setting,
                setting.algorithm() + " (warm)",
                bench,
                prompts,
                experts,
                sequence,
                weights,
                bench.train()));
      }
    }
    table.printf(
        Locale.ROOT,
        "%n%s: %s: %s; replay over %s prompts%n",
        bench.set().name(),
        tune ? "chosen on the training split" : "policy defaults",
        String.join(
            ", ",
            settings.stream()
                .map(
                    st ->
                        String.format(
                            Locale.ROOT,
                            "%s %s=%s d=%d",
                            st.algorithm(),
                            st.algorithm().equals("epsilon-greedy")
                                ? "epsilon"
                                : st.algorithm().equals("linucb") ? "alpha" : "v",
                            st.exploration(),
                            st.algorithm().equals("epsilon-greedy") ? 0 : st.contextDims()))
                .toList()),
        tune ? prompts.size() + " held-out" : "all " + prompts.size());

    double oracle = 0;
    double[] fixedArm = new double[experts.size()];
    for (int t = 0; t < decisions; t++) {
      EvalPrompt prompt = prompts.get(sequence[t]);
      oracle += best(prompt, experts, weights);
      for (int e = 0; e < experts.size(); e++) {
        fixedArm[e] +=
            prompt.answeredBy(experts.get(e)) ? reward(prompt, experts.get(e), weights) : 0;
      }
    }
    int bestArm = 0;
    for (int e = 1; e < experts.size(); e++) {
      if (fixedArm[e] > fixedArm[bestArm]) {
        bestArm = e;
      }
    }
    String name = bench.set().name();
    table.printf(
        Locale.ROOT,
        "%n%s: %d bandit decisions over %d experts, reward = quality - %.2f x cost/1c%s%n",
        name,
        decisions,
        experts.size(),
        costWeight,
        costWeight == 0 ? " (the policy default rewardWeights)" : "");
    table.printf(
        Locale.ROOT,
        "%-26s %12s %10s %12s %14s %16s%n",
        "policy",
        "cum. reward",
        "mean",
        "cum. regret",
        "vs eps-greedy",
        "regret reduction");
    for (Run r : runs) {
      // Compare each policy with epsilon-greedy started the same way (cold with cold, warm with
      // warm).
      Run baseline = runs.get(runs.indexOf(r) < 3 ? 2 : 5);
      double epsilonReward = baseline.cumulativeReward()[decisions - 1];
      double epsilonRegret = baseline.cumulativeRegret()[decisions - 1];
      double total = r.cumulativeReward()[decisions - 1];
      double regret = r.cumulativeRegret()[decisions - 1];
      table.printf(
          Locale.ROOT,
          "%-26s %12.1f %10.4f %12.1f %13.1f%% %15.1f%%%n",
          r.name(),
          total,
          total / decisions,
          regret,
          100 * (total - epsilonReward) / Math.abs(epsilonReward),
          100 * (epsilonRegret - regret) / epsilonRegret);
    }
    double ceiling = oracle;
    double epsilonTotal = runs.get(2).cumulativeReward()[decisions - 1];
    table.printf(
        Locale.ROOT,
        "  (the per-prompt oracle is %.1f%% above cold epsilon-greedy: no policy can beat it by more)%n",
        100 * (ceiling - epsilonTotal) / Math.abs(epsilonTotal));
    table.printf(
        Locale.ROOT,
        "%-22s %12.1f %10.4f %12.1f%n",
        "best single expert",
        fixedArm[bestArm],
        fixedArm[bestArm] / decisions,
        oracle - fixedArm[bestArm]);
    table.printf(Locale.ROOT, "  (best single expert: %s)%n", experts.get(bestArm));
    table.printf(
        Locale.ROOT,
        "%-22s %12.1f %10.4f %12.1f%n",
        "best expert per task",
        perCategory(prompts, experts, sequence, weights),
        perCategory(prompts, experts, sequence, weights) / decisions,
        oracle - perCategory(prompts, experts, sequence, weights));
    table.printf(
        Locale.ROOT,
        "  (hindsight: knows each prompt's task/category and the best expert for it)%n");
    table.printf(
        Locale.ROOT,
        "%-22s %12.1f %10.4f %12.1f%n",
        "oracle (per prompt)",
        oracle,
        oracle / decisions,
        0.0);
    table.printf(
        Locale.ROOT,
        "  predicted quality of the chosen arm (per-arm ridge on quality grades, predicted before"
            + " each grade is learned): ECE, 10 bins%n");
    for (Run r : runs) {
      table.printf(
          Locale.ROOT,
          "  %-26s ECE %.4f over %d decisions with a prediction%n",
          r.name(),
          r.calibration().ece(),
          r.calibration().samples());
    }

    Files.createDirectories(out);
    List<String> csv = new ArrayList<>();
    csv.add(
        "dataset,step,"
            + String.join(
                ",",
                runs.stream().map(r -> r.name() + "_reward," + r.name() + "_regret").toList()));
    SvgChart chart =
        new SvgChart(
            name + ": cumulative regret vs per-prompt oracle", "decisions", "cumulative regret");
    for (int t = 99; t < decisions; t += 100) {
      StringBuilder row = new StringBuilder(name + "," + (t + 1));
      for (Run r : runs) {
        row.append(
            String.format(
                Locale.ROOT, ",%.3f,%.3f", r.cumulativeReward()[t], r.cumulativeRegret()[t]));
      }
      csv.add(row.toString());
    }
    for (Run r : runs) {
      int points = decisions / 100;
      double[] x = new double[points];
      double[] y = new double[points];
      for (int k = 0; k < points; k++) {
        x[k] = (k + 1) * 100;
        y[k] = r.cumulativeRegret()[(k + 1) * 100 - 1];
      }
      chart.add(new SvgChart.Series(r.name(), x, y, true));
    }
    Files.write(out.resolve(name + ".bandit.csv"), csv);
    chart.write(out.resolve(name + ".bandit.svg"));
  }

  private int[] sequence(int size, long seed) {
    SplittableRandom sampler = new SplittableRandom(seed);
    int[] sequence = new int[decisions];
    for (int t = 0; t < decisions; t++) {
      sequence[t] = sampler.nextInt(size);
    }
    return sequence;
  }

  private Setting best(
      String algorithm,
      double[] grid,
      int[] dimsGrid,
      Workbench bench,
      List<EvalPrompt> prompts,
      List<String> experts,
      int[] sequence,
      RewardFunction weights) {
    Setting best = null;
    double bestReward = Double.NEGATIVE_INFINITY;
    for (int dims : dimsGrid) {
      for (double value : grid) {
        Setting candidate = new Setting(algorithm, value, dims);
        Run r = run(candidate, algorithm, bench, prompts, experts, sequence, weights, List.of());
        double total = r.cumulativeReward()[sequence.length - 1];
        if (total > bestReward) {
          bestReward = total;
          best = candidate;
        }
      }
    }
    return best;
  }

  /**
   * Replays {@code sequence} through a fresh bandit strategy (the router's class).
   *
   * @param warmStart prompts whose recorded outcomes of every expert are learned before the replay
   *     (may be empty)
   */
  private Run run(
      Setting setting,
      String label,
      Workbench bench,
      List<EvalPrompt> prompts,
      List<String> experts,
      int[] sequence,
      RewardFunction weights,
      List<EvalPrompt> warmStart) {
    ContextEncoder encoder =
        new ContextEncoder(
            BanditStrategyFactory.EMBEDDING_DIMENSION,
            setting.contextDims(),
            BanditStrategyFactory.PROJECTION_SEED);
    double[][] contexts =
        prompts.stream().map(p -> encoder.encode(bench.features(p))).toArray(double[][]::new);
    ContextualBandit bandit =
        new ContextualBandit(
            setting.algorithm(),
            setting.exploration(),
            encoder.dimension(),
            1.0,
            new SplittableRandom(options.seed + 7));
    BanditStrategy strategy =
        new BanditStrategy(bandit, encoder, weights, new RequestQueryFeatures(), null, 1);
    for (EvalPrompt prompt : warmStart) {
      double[] context = encoder.encode(bench.features(prompt));
      for (String expert : experts) {
        if (prompt.answeredBy(expert)) {
          strategy.learn(expert, context, reward(prompt, expert, weights));
          strategy.learnQuality(expert, context, prompt.quality().get(expert));
        }
      }
    }
    List<Double> predicted = new ArrayList<>();
    List<Double> observed = new ArrayList<>();
    double[] cumulative = new double[sequence.length];
    double[] regret = new double[sequence.length];
    double total = 0;
    double lost = 0;
    for (int t = 0; t < sequence.length; t++) {
      EvalPrompt prompt = prompts.get(sequence[t]);
      List<String> answered = experts.stream().filter(prompt::answeredBy).toList();
      Decision decision = strategy.decide(contexts[sequence[t]], answered);
      String chosen = decision.expert();
      double r = reward(prompt, chosen, weights);
      if (decision.predictedQuality().isPresent()) {
        predicted.add(decision.predictedQuality().getAsDouble());
        observed.add(prompt.quality().get(chosen));
      }
      strategy.learn(chosen, contexts[sequence[t]], r);
      strategy.learnQuality(chosen, contexts[sequence[t]], prompt.quality().get(chosen));
      total += r;
      lost += best(prompt, answered, weights) - r;
      cumulative[t] = total;
      regret[t] = lost;
    }
    return new Run(
        label,
        cumulative,
        regret,
        CalibrationError.of(
            predicted.stream().mapToDouble(Double::doubleValue).toArray(),
            observed.stream().mapToDouble(Double::doubleValue).toArray()));
  }

  private double perCategory(
      List<EvalPrompt> prompts, List<String> experts, int[] sequence, RewardFunction weights) {
    Map<String, double[]> sums = new HashMap<>();
    for (int index : sequence) {
      EvalPrompt prompt = prompts.get(index);
      double[] perExpert = sums.computeIfAbsent(prompt.category(), c -> new double[experts.size()]);
      for (int e = 0; e < experts.size(); e++) {
        perExpert[e] +=
            prompt.answeredBy(experts.get(e)) ? reward(prompt, experts.get(e), weights) : 0;
      }
    }
    return sums.values().stream().mapToDouble(v -> Arrays.stream(v).max().orElse(0)).sum();
  }

  private static double reward(EvalPrompt prompt, String expert, RewardFunction weights) {
    return weights.reward(
        prompt.quality().get(expert), prompt.costUsd().getOrDefault(expert, 0.0), 0);
  }

  private static double best(EvalPrompt prompt, List<String> experts, RewardFunction weights) {
    return experts.stream()
        .filter(prompt::answeredBy)
        .mapToDouble(e -> reward(prompt, e, weights))
        .max()
        .orElse(0);
  }
}
