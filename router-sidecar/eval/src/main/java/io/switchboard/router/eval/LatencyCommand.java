package io.switchboard.router.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.router.core.features.PromptEncoder;
import io.switchboard.router.core.features.QueryFeatures;
import io.switchboard.router.core.features.TextFeatureExtractor;
import io.switchboard.router.core.features.TokenCounter;
import io.switchboard.router.core.strategy.bandit.BanditStrategyFactory;
import io.switchboard.router.core.strategy.bandit.ContextEncoder;
import io.switchboard.router.core.strategy.bandit.ContextualBandit;
import io.switchboard.router.core.strategy.capability.NeedsEstimator;
import io.switchboard.router.core.strategy.classifier.ClassifierTrainer;
import io.switchboard.router.core.strategy.classifier.QualityRouter;
import io.switchboard.router.core.strategy.llm.DecisionCache;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Router-side added latency of the embedding strategies on one thread (one core): the full decision
 * path from prompt text to chosen expert, with MiniLM at 128 tokens, measured with HdrHistogram
 * after a warm-up. Also the LLM-router decision cache paths (exact hit, semantic hit with a full
 * cache) and, labelled simulated, the added latency of an uncached router-LLM call from an assumed
 * latency model (see docs/routing-evaluation.md).
 */
@Command(
    name = "latency",
    description = "Added routing latency per decision on one core (p50/p99, decisions/s).")
final class LatencyCommand implements Callable<Integer> {

  /**
   * Assumed router LLM (8B-class model on vLLM, one GPU): time to first token and time per output
   * token.
   */
  static final double SIMULATED_TTFT_MS = 60;

  static final double SIMULATED_TPOT_MS = 12;
  static final int ROUTER_REPLY_TOKENS = 12;

  @Mixin DatasetOptions options;

  @Option(
      names = "--model",
      description = "Classifier model artifact to time (default: train a small one on the fly).")
  Path model;

  @Option(
      names = "--requests",
      defaultValue = "2000",
      description = "Measured decisions per path (after 300 warm-up).")
  int requests;

  @Override
  public Integer call() throws Exception {
    Path[] dataset = options.resolved().get(0);
    try (PromptEncoder embedder = options.embedder()) {
      Workbench bench = options.open(dataset[0], dataset[1].toString(), embedder);
      List<String> texts = bench.set().prompts().stream().map(EvalPrompt::routingText).toList();
      TextFeatureExtractor extractor = new TextFeatureExtractor(TokenCounter.charsPerToken());
      QualityRouter classifier =
          model != null
              ? QualityRouter.load(model, new ObjectMapper())
              : new QualityRouter(
                  new ClassifierTraining(
                          new ClassifierTrainer.Settings(
                              List.of(ClassifierTrainer.ScoreModel.DIFFERENCE),
                              List.of(1.0),
                              List.of(1e-2),
                              List.of(4096),
                              2,
                              40,
                              0.05,
                              options.seed,
                              options.encoderSpec()))
                      .train(
                          bench,
                          ClassifierTraining.defaultPair(bench, null, null)[0],
                          ClassifierTraining.defaultPair(bench, null, null)[1]));
      List<String> experts = new ArrayList<>(bench.set().experts());
      ContextEncoder encoder = new ContextEncoder(384, 16, BanditStrategyFactory.PROJECTION_SEED);
      ContextualBandit bandit =
          new ContextualBandit("linucb", 1.0, encoder.dimension(), 1.0, new SplittableRandom(1));
      NeedsEstimator needs = new NeedsEstimator(embedder::embed, 1, 0.5, 0.2);

      double meanTokens =
          texts.stream()
              .mapToInt(t -> Math.min(embedder.countTokens(t) + 2, options.maxTokens))
              .average()
              .orElse(0);
      System.out.printf(
          Locale.ROOT,
          "%nAdded routing latency on one thread, %s prompts (mean %.0f word pieces after truncation),"
              + " encoder %s, %d decisions each; load average %.1f on %d cores%n",
          bench.set().name(),
          meanTokens,
          embedder.spec(),
          requests,
          ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
          Runtime.getRuntime().availableProcessors());
      System.out.printf(
          Locale.ROOT,
          "%-34s %9s %9s %9s %12s%n",
          "path",
          "p50 ms",
          "p99 ms",
          "mean ms",
          "decisions/s");
      measure("embedding only", texts, embedder::embed);
      measure(
          "classifier (embed + predict)",
          texts,
          text -> {
            QueryFeatures f =
                new QueryFeatures(text, extractor.extract(text), embedder.embed(text));
            classifier.choose(f, experts, 0.3);
          });
      measure(
          "bandit linucb (embed + choose)",
          texts,
          text -> {
            QueryFeatures f =
                new QueryFeatures(text, extractor.extract(text), embedder.embed(text));
            bandit.choose(encoder.encode(f), experts);
          });
      measure("capability (embed + match)", texts, text -> needs.needs(embedder.embed(text)));

      DecisionCache cache = new DecisionCache(10_000, 3600, 0.95, Clock.systemUTC());
      // Fill the cache from the embedding store (already computed) so only the lookups are timed.
      List<EvalPrompt> cached = bench.set().prompts().subList(0, Math.min(texts.size(), 10_000));
      List<float[]> vectors = new ArrayList<>();
      for (int i = 0; i < cached.size(); i++) {
        float[] vector = bench.features(cached.get(i)).embedding();
        vectors.add(vector);
        cache.put(cached.get(i).routingText(), vector, experts.get(i % experts.size()));
      }
      measure("llm cache: exact hit", texts.subList(0, vectors.size()), cache::exact);
      measure(
          "llm cache: semantic (embed+scan " + vectors.size() + ")",
          texts,
          text -> cache.similar(embedder.embed(text + " ")));
      double simulated = SIMULATED_TTFT_MS + SIMULATED_TPOT_MS * ROUTER_REPLY_TOKENS;
      System.out.printf(
          Locale.ROOT,
          "%-34s %9.1f %9s %9s %12s%n",
          "llm router call (SIMULATED)",
          simulated,
          "-",
          "-",
          "-");
      System.out.printf(
          Locale.ROOT,
          "  simulated = TTFT %.0f ms + %d reply tokens x %.0f ms (assumed 8B router LLM on one GPU)%n",
          SIMULATED_TTFT_MS,
          ROUTER_REPLY_TOKENS,
          SIMULATED_TPOT_MS);
    }
    return 0;
  }

  private void measure(String name, List<String> texts, Consumer<String> path) {
    for (int i = 0; i < 300; i++) {
      path.accept(texts.get(i % texts.size()));
    }
    Histogram histogram = new Histogram(3_600_000_000L, 3);
    long started = System.nanoTime();
    for (int i = 0; i < requests; i++) {
      String text = texts.get((i * 7919) % texts.size());
      long t0 = System.nanoTime();
      path.accept(text);
      histogram.recordValue(Math.max(1, (System.nanoTime() - t0) / 1000));
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    System.out.printf(
        Locale.ROOT,
        "%-34s %9.3f %9.3f %9.3f %12.0f%n",
        name,
        histogram.getValueAtPercentile(50) / 1000.0,
        histogram.getValueAtPercentile(99) / 1000.0,
        histogram.getMean() / 1000.0,
        requests / seconds);
  }
}
