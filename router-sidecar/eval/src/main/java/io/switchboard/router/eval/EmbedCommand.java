package io.switchboard.router.eval;

import io.switchboard.router.core.features.PromptEncoder;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Fills the embedding cache of the given datasets (the slow part of every later run). */
@Command(name = "embed", description = "Precompute and cache prompt embeddings.")
final class EmbedCommand implements Callable<Integer> {

  @Mixin DatasetOptions options;

  @Override
  public Integer call() throws Exception {
    try (PromptEncoder embedder = options.embedder()) {
      for (Path[] dataset : options.resolved()) {
        options.open(dataset[0], dataset[1].toString(), embedder);
      }
    }
    return 0;
  }
}
