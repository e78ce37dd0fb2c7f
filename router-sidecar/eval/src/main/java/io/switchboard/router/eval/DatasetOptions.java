package io.switchboard.router.eval;

import io.switchboard.dataset.DataDirectory;
import io.switchboard.dataset.ModelPrices;
import io.switchboard.router.config.EncoderSpec;
import io.switchboard.router.config.Truncation;
import io.switchboard.router.core.features.PromptEncoder;
import io.switchboard.router.core.features.PromptEncoders;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Option;

/** Options shared by every subcommand that reads a dataset. */
final class DatasetOptions {

  @Option(
      names = "--dataset",
      required = true,
      split = ",",
      description =
          "Dataset(s) in the uniform format: a path prefix DIR/NAME (NAME.prompts.jsonl and NAME.outcomes.csv),"
              + " or a bare NAME looked up in the shared data directory.")
  List<String> datasets;

  @Option(
      names = "--seed",
      defaultValue = "42",
      description = "Seed of the train/test split and of every random choice.")
  long seed;

  @Option(
      names = "--test-fraction",
      defaultValue = "0.3",
      description = "Share of prompts held out for testing.")
  double testFraction;

  @Option(
      names = "--limit",
      defaultValue = "0",
      description = "Use at most this many prompts (seeded sample; 0 = all).")
  int limit;

  @Option(
      names = "--max-tokens",
      defaultValue = "128",
      description = "Embedding truncation in word pieces.")
  int maxTokens;

  @Option(
      names = "--truncation",
      defaultValue = "TAIL",
      description =
          "Which end of a long prompt to embed: ${COMPLETION-CANDIDATES} (the ask is last in few-shot prompts).")
  Truncation truncation;

  @Option(
      names = "--encoder",
      defaultValue = "minilm",
      description =
          "Prompt encoder: minilm (contextual, ONNX) or minilm-static (word-piece vectors distilled from it).")
  String encoder;

  @Option(
      names = "--threads",
      defaultValue = "2",
      description = "Threads for embedding and training.")
  int threads;

  @Option(
      names = "--cache-dir",
      description = "Embedding cache directory (default ~/.cache/switchboard/embeddings).")
  Path cacheDir;

  @Option(
      names = "--prices",
      description = "Model price CSV (default: model_prices_for_datasets.csv next to the dataset).")
  Path prices;

  /** (data directory, dataset name) of each {@code --dataset}. */
  List<Path[]> resolved() {
    return datasets.stream().map(this::resolve).toList();
  }

  /** A path prefix DIR/NAME, or a bare NAME in the shared data directory. */
  Path[] resolve(String dataset) {
    Path asPath = Path.of(dataset);
    if (asPath.getParent() != null || Files.exists(Path.of(dataset + ".prompts.jsonl"))) {
      Path absolute = asPath.toAbsolutePath();
      return new Path[] {absolute.getParent(), absolute.getFileName()};
    }
    Path repoRoot = Path.of(System.getProperty("switchboard.repo.root", "."));
    return new Path[] {DataDirectory.locate(repoRoot), Path.of(dataset)};
  }

  EncoderSpec encoderSpec() {
    return new EncoderSpec(EncoderSpec.Encoder.fromWireName(encoder), maxTokens, truncation);
  }

  PromptEncoder embedder() {
    // The static table is kept beside the embedding cache (its own subdirectory), so repeated runs
    // skip distilling it.
    return PromptEncoders.open(encoderSpec(), Optional.of(cacheDirectory().resolve("encoders")));
  }

  Path cacheDirectory() {
    return cacheDir != null ? cacheDir : EmbeddingStore.defaultDirectory();
  }

  Workbench open(Path dataDir, String name, PromptEncoder embedder) throws IOException {
    return open(dataDir, name, embedder, testFraction);
  }

  Workbench open(Path dataDir, String name, PromptEncoder embedder, double heldOut)
      throws IOException {
    EvalInputException.requireFile(
        dataDir.resolve(name + ".prompts.jsonl"),
        "the data set's prompts, one JSON object per line with prompt_id and prompt (see the data"
            + " directory's README); --dataset takes NAME in the data directory or DIR/NAME");
    EvalInputException.requireFile(
        dataDir.resolve(name + ".outcomes.csv"),
        "the data set's recorded outcomes, a CSV with one row per (prompt_id, model)");
    Path priceFile =
        EvalInputException.requireFile(
            prices != null ? prices : dataDir.resolve("model_prices_for_datasets.csv"),
            "a model price CSV with columns dataset_model, match_type and the input and output"
                + " USD per million tokens (the data directory's model_prices_for_datasets.csv);"
                + " pass another with --prices FILE");
    ModelPrices modelPrices;
    try {
      modelPrices = ModelPrices.load(priceFile);
    } catch (IOException | RuntimeException e) {
      throw new EvalInputException("malformed price table " + priceFile + ": " + e.getMessage(), e);
    }
    EvalSetLoader loader =
        new EvalSetLoader(
            embedder,
            model ->
                modelPrices
                    .price(model)
                    .map(
                        price ->
                            new double[] {
                              price.inputUsdPerMillion(), price.outputUsdPerMillion()
                            }));
    return Workbench.open(
        dataDir,
        name,
        loader,
        embedder,
        cacheDirectory(),
        limit,
        heldOut,
        seed,
        threads,
        System.err);
  }
}
