package io.switchboard.router.core.eval;

import io.switchboard.router.core.features.MiniLmEmbedder;
import io.switchboard.router.core.strategy.bandit.BanditStrategy;
import io.switchboard.router.core.strategy.bandit.BanditStrategyFactory;
import io.switchboard.router.core.strategy.bandit.ContextEncoder;
import io.switchboard.router.core.strategy.bandit.ContextualBandit;
import io.switchboard.router.core.strategy.bandit.RewardWeights;
import io.switchboard.router.core.features.RequestQueryFeatures;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Replays recorded outcomes as bandit feedback: each step draws a prompt (seeded, with
 * replacement), the bandit strategy (the router's own class) chooses an expert among those
 * that answered it, and learns the reward {@code quality − costWeight · cost / 1¢} of that
 * expert's recorded outcome. Reports cumulative reward and regret against the per-prompt
 * oracle (best arm in hindsight for that prompt) and the best single expert.
 *
 * <p>With {@code --tune}, each algorithm's exploration parameter is chosen from a small grid
 * by replaying the <em>training</em> prompts; the reported replay draws from the held-out
 * prompts only. Without it, the policy defaults are used (alpha 1.0, epsilon 0.1).
 */
@Command(name = "bandit", description = "Bandit cumulative reward and regret on recorded outcomes (LinUCB vs Thompson vs epsilon-greedy).")
final class BanditCommand implements Callable<Integer> {

    @Mixin
    DatasetOptions options;

    @Option(names = "--decisions", defaultValue = "10000", description = "Decisions to replay.")
    int decisions;

    @Option(names = "--cost-weight", defaultValue = "0.5", description = "Reward weight of cost (per cent per request).")
    double costWeight;

    @Option(names = "--context-dims", defaultValue = "16", description = "Projected embedding dimensions of the context.")
    int contextDims;

    @Option(names = "--alpha", defaultValue = "1.0", description = "LinUCB exploration width (policy default 1.0).")
    double alpha;

    @Option(names = "--thompson-scale", defaultValue = "0.3", description = "Thompson posterior scale v.")
    double thompsonScale;

    @Option(names = "--epsilon", defaultValue = "0.1", description = "Epsilon-greedy exploration rate (policy default 0.1).")
    double epsilon;

    @Option(names = "--tune", description = "Choose exploration parameters by replaying the training split; report on the test split.")
    boolean tune;

    @Option(names = "--out", defaultValue = "target/eval", description = "Directory for CSV and SVG output.")
    Path out;

    private static final double[] ALPHA_GRID = {0.03, 0.1, 0.3, 1.0};
    private static final double[] THOMPSON_GRID = {0.03, 0.1, 0.3};
    private static final double[] EPSILON_GRID = {0.02, 0.05, 0.1, 0.2};

    private record Run(String name, double[] cumulativeReward, double[] cumulativeRegret) {}

    @Override
    public Integer call() throws Exception {
        PrintStream table = System.out;
        try (MiniLmEmbedder embedder = options.embedder()) {
            for (Path[] dataset : options.resolved()) {
                replay(options.open(dataset[0], dataset[1].toString(), embedder), table);
            }
        }
        return 0;
    }

    private void replay(Workbench bench, PrintStream table) throws Exception {
        List<EvalPrompt> prompts = tune ? bench.test() : bench.set().prompts();
        List<String> experts = bench.set().experts();
        RewardWeights weights = new RewardWeights(1, costWeight, 0, BanditStrategyFactory.COST_SCALE_USD,
                BanditStrategyFactory.LATENCY_SCALE_MS);
        ContextEncoder encoder = new ContextEncoder(BanditStrategyFactory.EMBEDDING_DIMENSION, contextDims,
                BanditStrategyFactory.PROJECTION_SEED);
        double chosenAlpha = alpha;
        double chosenScale = thompsonScale;
        double chosenEpsilon = epsilon;
        if (tune) {
            List<EvalPrompt> train = bench.train();
            double[][] trainContexts = train.stream().map(p -> encoder.encode(bench.features(p))).toArray(double[][]::new);
            int[] trainSequence = sequence(train.size(), options.seed + 100);
            chosenAlpha = best("linucb", ALPHA_GRID, encoder, train, experts, trainContexts, trainSequence, weights);
            chosenScale = best("thompson", THOMPSON_GRID, encoder, train, experts, trainContexts, trainSequence, weights);
            chosenEpsilon = best("epsilon-greedy", EPSILON_GRID, encoder, train, experts, trainContexts, trainSequence, weights);
        }
        int[] sequence = sequence(prompts.size(), options.seed);
        double[][] contexts = prompts.stream().map(p -> encoder.encode(bench.features(p))).toArray(double[][]::new);

        List<Run> runs = new ArrayList<>();
        runs.add(run("linucb", chosenAlpha, encoder, prompts, experts, contexts, sequence, weights));
        runs.add(run("thompson", chosenScale, encoder, prompts, experts, contexts, sequence, weights));
        runs.add(run("epsilon-greedy", chosenEpsilon, encoder, prompts, experts, contexts, sequence, weights));
        table.printf(Locale.ROOT, "%n%s: exploration %s: LinUCB alpha=%s, Thompson v=%s, epsilon=%s; replay over %s prompts%n",
                bench.set().name(), tune ? "chosen on the training split" : "policy defaults", chosenAlpha, chosenScale,
                chosenEpsilon, tune ? prompts.size() + " held-out" : "all " + prompts.size());

        double oracle = 0;
        double[] fixedArm = new double[experts.size()];
        for (int t = 0; t < decisions; t++) {
            EvalPrompt prompt = prompts.get(sequence[t]);
            oracle += best(prompt, experts, weights);
            for (int e = 0; e < experts.size(); e++) {
                fixedArm[e] += prompt.answeredBy(experts.get(e)) ? reward(prompt, experts.get(e), weights) : 0;
            }
        }
        int bestArm = 0;
        for (int e = 1; e < experts.size(); e++) {
            if (fixedArm[e] > fixedArm[bestArm]) {
                bestArm = e;
            }
        }
        String name = bench.set().name();
        table.printf(Locale.ROOT, "%n%s: %d bandit decisions over %d experts, reward = quality - %.2f x cost/1c; context d=%d%n",
                name, decisions, experts.size(), costWeight, encoder.dimension());
        table.printf(Locale.ROOT, "%-22s %12s %10s %12s %14s%n", "policy", "cum. reward", "mean", "cum. regret", "vs eps-greedy");
        double epsilonReward = runs.get(2).cumulativeReward()[decisions - 1];
        for (Run r : runs) {
            double total = r.cumulativeReward()[decisions - 1];
            table.printf(Locale.ROOT, "%-22s %12.1f %10.4f %12.1f %13.1f%%%n", r.name(), total, total / decisions,
                    r.cumulativeRegret()[decisions - 1], 100 * (total - epsilonReward) / Math.abs(epsilonReward));
        }
        table.printf(Locale.ROOT, "%-22s %12.1f %10.4f %12.1f%n", "best single expert", fixedArm[bestArm], fixedArm[bestArm] / decisions,
                oracle - fixedArm[bestArm]);
        table.printf(Locale.ROOT, "  (best single expert: %s)%n", experts.get(bestArm));
        table.printf(Locale.ROOT, "%-22s %12.1f %10.4f %12.1f%n", "best expert per task", perCategory(prompts, experts, sequence,
                weights), perCategory(prompts, experts, sequence, weights) / decisions,
                oracle - perCategory(prompts, experts, sequence, weights));
        table.printf(Locale.ROOT, "  (hindsight: knows each prompt's task/category and the best expert for it)%n");
        table.printf(Locale.ROOT, "%-22s %12.1f %10.4f %12.1f%n", "oracle (per prompt)", oracle, oracle / decisions, 0.0);

        Files.createDirectories(out);
        List<String> csv = new ArrayList<>();
        csv.add("dataset,step," + String.join(",", runs.stream().map(r -> r.name() + "_reward," + r.name() + "_regret").toList()));
        SvgChart chart = new SvgChart(name + ": cumulative regret vs per-prompt oracle", "decisions", "cumulative regret");
        for (int t = 99; t < decisions; t += 100) {
            StringBuilder row = new StringBuilder(name + "," + (t + 1));
            for (Run r : runs) {
                row.append(String.format(Locale.ROOT, ",%.3f,%.3f", r.cumulativeReward()[t], r.cumulativeRegret()[t]));
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

    private double best(String algorithm, double[] grid, ContextEncoder encoder, List<EvalPrompt> prompts, List<String> experts,
                        double[][] contexts, int[] sequence, RewardWeights weights) {
        double bestValue = grid[0];
        double bestReward = Double.NEGATIVE_INFINITY;
        for (double value : grid) {
            Run r = run(algorithm, value, encoder, prompts, experts, contexts, sequence, weights);
            double total = r.cumulativeReward()[sequence.length - 1];
            if (total > bestReward) {
                bestReward = total;
                bestValue = value;
            }
        }
        return bestValue;
    }

    private Run run(String algorithm, double exploration, ContextEncoder encoder, List<EvalPrompt> prompts, List<String> experts,
                    double[][] contexts, int[] sequence, RewardWeights weights) {
        ContextualBandit bandit = new ContextualBandit(algorithm, exploration, encoder.dimension(), 1.0,
                new SplittableRandom(options.seed + 7));
        BanditStrategy strategy = new BanditStrategy(bandit, encoder, weights, new RequestQueryFeatures(), null, 1);
        double[] cumulative = new double[sequence.length];
        double[] regret = new double[sequence.length];
        double total = 0;
        double lost = 0;
        for (int t = 0; t < sequence.length; t++) {
            EvalPrompt prompt = prompts.get(sequence[t]);
            List<String> answered = experts.stream().filter(prompt::answeredBy).toList();
            String chosen = strategy.decide(contexts[sequence[t]], answered).expert();
            double r = reward(prompt, chosen, weights);
            strategy.learn(chosen, contexts[sequence[t]], r);
            total += r;
            lost += best(prompt, answered, weights) - r;
            cumulative[t] = total;
            regret[t] = lost;
        }
        return new Run(algorithm, cumulative, regret);
    }

    private double perCategory(List<EvalPrompt> prompts, List<String> experts, int[] sequence, RewardWeights weights) {
        java.util.Map<String, double[]> sums = new java.util.HashMap<>();
        for (int index : sequence) {
            EvalPrompt prompt = prompts.get(index);
            double[] perExpert = sums.computeIfAbsent(prompt.category(), c -> new double[experts.size()]);
            for (int e = 0; e < experts.size(); e++) {
                perExpert[e] += prompt.answeredBy(experts.get(e)) ? reward(prompt, experts.get(e), weights) : 0;
            }
        }
        return sums.values().stream().mapToDouble(v -> java.util.Arrays.stream(v).max().orElse(0)).sum();
    }

    private static double reward(EvalPrompt prompt, String expert, RewardWeights weights) {
        return weights.reward(prompt.quality().get(expert), prompt.costUsd().getOrDefault(expert, 0.0), 0);
    }

    private static double best(EvalPrompt prompt, List<String> experts, RewardWeights weights) {
        return experts.stream().filter(prompt::answeredBy).mapToDouble(e -> reward(prompt, e, weights)).max().orElse(0);
    }
}
