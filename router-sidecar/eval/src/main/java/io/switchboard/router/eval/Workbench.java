package io.switchboard.router.eval;

import io.switchboard.router.core.features.PromptEncoder;
import io.switchboard.router.core.features.QueryFeatures;
import io.switchboard.router.core.features.TextFeatureExtractor;
import io.switchboard.router.core.features.TokenCounter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A loaded dataset with its features and a seeded train/test split: what every evaluation
 * subcommand starts from. Embeddings come from the {@link EmbeddingStore} (computed once), text
 * features are computed here with the same extractor the router uses.
 */
public final class Workbench {

  private final EvalSet set;
  private final Map<String, QueryFeatures> features;
  private final List<EvalPrompt> train;
  private final List<EvalPrompt> test;

  private Workbench(
      EvalSet set,
      Map<String, QueryFeatures> features,
      List<EvalPrompt> train,
      List<EvalPrompt> test) {
    this.set = set;
    this.features = features;
    this.train = train;
    this.test = test;
  }

  /**
   * @param limit at most this many prompts (seeded sample; 0 = all), for quick runs and CI
   * @param testFraction share of prompts held out for testing
   */
  public static Workbench open(
      Path dataDir,
      String name,
      EvalSetLoader loader,
      PromptEncoder embedder,
      Path cacheDir,
      int limit,
      double testFraction,
      long seed,
      int threads,
      PrintStream log)
      throws IOException {
    EvalSet full = loader.load(dataDir, name);
    List<EvalPrompt> prompts = new ArrayList<>(full.prompts());
    prompts.sort(Comparator.comparing(EvalPrompt::id));
    Collections.shuffle(prompts, new Random(seed));
    if (limit > 0 && prompts.size() > limit) {
      prompts = new ArrayList<>(prompts.subList(0, limit));
    }
    int testSize = (int) Math.round(prompts.size() * testFraction);
    List<EvalPrompt> test = List.copyOf(prompts.subList(0, testSize));
    List<EvalPrompt> train = List.copyOf(prompts.subList(testSize, prompts.size()));
    EmbeddingStore store =
        new EmbeddingStore(
            cacheDir, name, embedder.spec().encoder().modelId(), embedder.spec().truncationId());
    long started = System.nanoTime();
    List<String> texts = prompts.stream().map(EvalPrompt::routingText).toList();
    store.ensure(
        texts, embedder, threads, count -> log.printf("  %s: embedded %d prompts%n", name, count));
    log.printf(
        "%s: %d prompts (%d train / %d test), %d experts, embeddings ready in %.1f s%n",
        name,
        prompts.size(),
        train.size(),
        test.size(),
        full.experts().size(),
        (System.nanoTime() - started) / 1e9);
    TextFeatureExtractor extractor = new TextFeatureExtractor(TokenCounter.charsPerToken());
    Map<String, QueryFeatures> features = new HashMap<>();
    for (EvalPrompt prompt : prompts) {
      features.put(
          prompt.id(),
          new QueryFeatures(
              prompt.routingText(),
              extractor.extract(prompt.routingText()),
              store.get(prompt.routingText())));
    }
    return new Workbench(full.withPrompts(prompts), features, train, test);
  }

  /**
   * The same prompts' features over other lists of this set's prompts (a slice, its outcomes
   * possibly re-keyed to other expert ids): features are looked up by prompt id, so every prompt
   * must be one of this set's.
   */
  Workbench restrict(
      String name, List<String> experts, List<EvalPrompt> train, List<EvalPrompt> test) {
    List<EvalPrompt> all = new ArrayList<>(test);
    all.addAll(train);
    for (EvalPrompt prompt : all) {
      if (!features.containsKey(prompt.id())) {
        throw new IllegalArgumentException(prompt.id() + " is not a prompt of " + set.name());
      }
    }
    return new Workbench(
        new EvalSet(name, experts, all, set.costNote()),
        features,
        List.copyOf(train),
        List.copyOf(test));
  }

  public EvalSet set() {
    return set;
  }

  public List<EvalPrompt> train() {
    return train;
  }

  public List<EvalPrompt> test() {
    return test;
  }

  public QueryFeatures features(EvalPrompt prompt) {
    return features.get(prompt.id());
  }
}
