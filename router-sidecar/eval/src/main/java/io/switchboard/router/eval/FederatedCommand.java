package io.switchboard.router.eval;

import io.switchboard.router.core.features.PromptEncoder;
import io.switchboard.router.core.strategy.bandit.BanditStrategyFactory;
import io.switchboard.router.core.strategy.bandit.ContextEncoder;
import io.switchboard.router.core.strategy.bandit.ContextualBandit;
import io.switchboard.router.core.strategy.bandit.RewardFunction;
import io.switchboard.router.core.strategy.federated.FederatedBandit;
import io.switchboard.router.core.strategy.federated.GaussianMechanism;
import io.switchboard.router.core.strategy.federated.ModelFingerprint;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Offline simulation of the federated mode: two clusters split a dataset's prompts (alternate
 * prompts of the seeded shuffle), each runs the router's {@link FederatedBandit} (LinUCB, clipped
 * contexts and rewards) on its own stream of recorded outcomes, and every {@code --round-decisions}
 * decisions both publish a noised round and merge the other's. Compared: isolated clusters (never
 * merge), exact sharing (ε = 1e9, noise ≈ 0) and sharing at each {@code --epsilons} value, all on
 * the same prompt streams. The budget is {@code ε × rounds} so sharing never stops early; the table
 * shows the total ε each cluster spent.
 */
@Command(
    name = "federated",
    description = "Federated vs isolated bandits: two simulated clusters sharing noised rounds.")
final class FederatedCommand implements Callable<Integer> {

  private static final double EXACT = 1e9;

  @Mixin DatasetOptions options;

  @Option(names = "--decisions", defaultValue = "5000", description = "Decisions per cluster.")
  int decisions;

  @Option(
      names = "--round-decisions",
      defaultValue = "250",
      description = "Decisions per cluster between sharing rounds.")
  int roundDecisions;

  @Option(
      names = "--epsilons",
      defaultValue = "0.1,1,10",
      split = ",",
      description = "Per-round epsilons to simulate.")
  List<Double> epsilons;

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
      names = "--out",
      defaultValue = "target/eval",
      description = "Directory for the CSV output.")
  Path out;

  private record Result(
      String name, double epsilonPerRound, double epsilonSpent, double reward, double regret) {}

  @Override
  public Integer call() throws Exception {
    try (PromptEncoder embedder = options.embedder()) {
      for (Path[] dataset : options.resolved()) {
        simulate(options.open(dataset[0], dataset[1].toString(), embedder), System.out);
      }
    }
    return 0;
  }

  private void simulate(Workbench bench, PrintStream table) throws Exception {
    List<EvalPrompt> prompts = bench.set().prompts();
    List<String> experts = bench.set().experts();
    ContextEncoder encoder =
        new ContextEncoder(
            BanditStrategyFactory.EMBEDDING_DIMENSION,
            contextDims,
            BanditStrategyFactory.PROJECTION_SEED);
    double[][] contexts =
        prompts.stream().map(p -> encoder.encode(bench.features(p))).toArray(double[][]::new);
    int[][] streams = {
      stream(prompts.size(), 0, options.seed), stream(prompts.size(), 1, options.seed + 1)
    };
    RewardFunction weights =
        new RewardFunction(
            1, 0, 0, BanditStrategyFactory.COST_SCALE_USD, BanditStrategyFactory.LATENCY_SCALE_MS);

    List<Result> results = new ArrayList<>();
    results.add(
        run("isolated", Double.NaN, bench, prompts, experts, encoder, contexts, streams, weights));
    results.add(
        run("exact sharing", EXACT, bench, prompts, experts, encoder, contexts, streams, weights));
    for (double epsilon : epsilons) {
      results.add(
          run("DP sharing", epsilon, bench, prompts, experts, encoder, contexts, streams, weights));
    }
    String name = bench.set().name();
    table.printf(
        Locale.ROOT,
        "%n%s: 2 clusters x %d LinUCB decisions (alpha %.2f, d=%d), a round every %d decisions, delta %.0e%n",
        name,
        decisions,
        alpha,
        encoder.dimension(),
        roundDecisions,
        GaussianMechanism.DEFAULT_DELTA);
    table.printf(
        Locale.ROOT,
        "%-16s %10s %10s %10s %12s %10s %12s%n",
        "setting",
        "eps/round",
        "eps spent",
        "sigma",
        "cum. reward",
        "mean",
        "vs isolated");
    double isolated = results.get(0).reward();
    List<String> csv =
        new ArrayList<>(
            List.of(
                "dataset,setting,epsilon_per_round,epsilon_spent,sigma,cumulative_reward,mean_reward,regret"));
    for (Result r : results) {
      double sigma =
          Double.isNaN(r.epsilonPerRound())
              ? Double.NaN
              : new GaussianMechanism(r.epsilonPerRound(), GaussianMechanism.DEFAULT_DELTA, 2)
                  .sigma();
      table.printf(
          Locale.ROOT,
          "%-16s %10s %10s %10s %12.1f %10.4f %11.2f%%%n",
          r.name(),
          Double.isNaN(r.epsilonPerRound())
              ? "-"
              : r.epsilonPerRound() == EXACT ? "1e9" : String.valueOf(r.epsilonPerRound()),
          Double.isNaN(r.epsilonPerRound())
              ? "-"
              : r.epsilonPerRound() == EXACT
                  ? "-"
                  : String.format(Locale.ROOT, "%.1f", r.epsilonSpent()),
          Double.isNaN(sigma) ? "-" : String.format(Locale.ROOT, "%.3g", sigma),
          r.reward(),
          r.reward() / (2.0 * decisions),
          100 * (r.reward() - isolated) / Math.abs(isolated));
      csv.add(
          String.format(
              Locale.ROOT,
              "%s,%s,%s,%.3f,%.6g,%.3f,%.6f,%.3f",
              name,
              r.name(),
              r.epsilonPerRound(),
              r.epsilonSpent(),
              sigma,
              r.reward(),
              r.reward() / (2.0 * decisions),
              r.regret()));
    }
    Files.createDirectories(out);
    Files.write(out.resolve(name + ".federated.csv"), csv);
  }

  /**
   * Cluster {@code parity}'s stream: draws (seeded, with replacement) from every other prompt of
   * the shuffle.
   */
  private int[] stream(int size, int parity, long seed) {
    int own = (size - parity + 1) / 2;
    SplittableRandom sampler = new SplittableRandom(seed);
    int[] sequence = new int[decisions];
    for (int t = 0; t < decisions; t++) {
      sequence[t] = 2 * sampler.nextInt(own) + parity;
    }
    return sequence;
  }

  private Result run(
      String name,
      double epsilon,
      Workbench bench,
      List<EvalPrompt> prompts,
      List<String> experts,
      ContextEncoder encoder,
      double[][] contexts,
      int[][] streams,
      RewardFunction weights) {
    boolean share = !Double.isNaN(epsilon);
    int rounds = decisions / roundDecisions;
    double perRound = share ? epsilon : 1;
    ModelFingerprint model =
        new ModelFingerprint(
            BanditStrategyFactory.PROJECTION_SEED,
            contextDims,
            encoder.dimension(),
            1.0,
            ModelFingerprint.CLIPPING,
            experts);
    FederatedBandit[] clusters = new FederatedBandit[2];
    for (int c = 0; c < 2; c++) {
      clusters[c] =
          new FederatedBandit(
              "cluster-" + c,
              model,
              List.of("cluster-" + (1 - c)),
              Duration.ofSeconds(1),
              new ContextualBandit(
                  "linucb",
                  alpha,
                  encoder.dimension(),
                  1.0,
                  new SplittableRandom(options.seed + 7 + c)),
              new ContextualBandit(
                  "linucb",
                  alpha,
                  encoder.dimension(),
                  1.0,
                  new SplittableRandom(options.seed + 7 + c)),
              new GaussianMechanism(perRound, GaussianMechanism.DEFAULT_DELTA, 2),
              perRound,
              perRound * Math.max(rounds, 1),
              new SplittableRandom(options.seed + 11 + c),
              null,
              null,
              Integer.MAX_VALUE);
    }
    double reward = 0;
    double regret = 0;
    for (int t = 0; t < decisions; t++) {
      for (int c = 0; c < 2; c++) {
        int index = streams[c][t];
        EvalPrompt prompt = prompts.get(index);
        List<String> answered = experts.stream().filter(prompt::answeredBy).toList();
        String chosen = clusters[c].choose(contexts[index], answered);
        double r =
            weights.reward(
                prompt.quality().get(chosen), prompt.costUsd().getOrDefault(chosen, 0.0), 0);
        clusters[c].learn(chosen, contexts[index], r);
        reward += r;
        double best =
            answered.stream()
                .mapToDouble(
                    e ->
                        weights.reward(
                            prompt.quality().get(e), prompt.costUsd().getOrDefault(e, 0.0), 0))
                .max()
                .orElse(0);
        regret += best - r;
      }
      if (share && (t + 1) % roundDecisions == 0) {
        clusters[0].publishRound();
        clusters[1].publishRound();
        clusters[0].latestRound().ifPresent(round -> clusters[1].merge("cluster-0", round));
        clusters[1].latestRound().ifPresent(round -> clusters[0].merge("cluster-1", round));
      }
    }
    return new Result(
        name, share ? epsilon : Double.NaN, clusters[0].accountant().spent(), reward, regret);
  }
}
