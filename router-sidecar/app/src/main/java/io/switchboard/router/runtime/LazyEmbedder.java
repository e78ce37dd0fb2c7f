package io.switchboard.router.runtime;

import io.switchboard.router.config.EncoderSpec;
import io.switchboard.router.core.features.CachingEmbedder;
import io.switchboard.router.core.features.PromptEncoder;
import io.switchboard.router.core.features.PromptEncoders;
import io.switchboard.router.core.spi.Embedder;
import io.switchboard.router.core.spi.RoutingStrategy;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import org.jboss.logging.Logger;

/**
 * The router's prompt encoders, each loaded on first use only, so a router whose strategy never
 * asks for embeddings pays neither the start-up time nor the memory. One encoder (with its LRU
 * cache) per {@link EncoderSpec} the policy has asked for; a config change to another spec keeps
 * the old one until shutdown (in-flight requests may still use it, and switching back is free).
 * Blocking; the data plane calls it on worker threads.
 */
final class LazyEmbedder implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(LazyEmbedder.class);
  private static final int CACHE_ENTRIES = 10_000;

  private final Map<EncoderSpec, Loaded> loaded = new ConcurrentHashMap<>();
  private final java.util.function.Function<EncoderSpec, PromptEncoder> opener;

  /**
   * @param tableCache where a static encoder keeps its distilled table across restarts, if anywhere
   */
  LazyEmbedder(Optional<Path> tableCache) {
    this(spec -> PromptEncoders.open(spec, tableCache));
  }

  /**
   * @param opener loads the encoder of a spec (tests pass a stand-in)
   */
  LazyEmbedder(java.util.function.Function<EncoderSpec, PromptEncoder> opener) {
    this.opener = opener;
  }

  private record Loaded(PromptEncoder model, CachingEmbedder cache) {}

  /** An embedder for {@code spec}, loading it on its first call. */
  Embedder forSpec(EncoderSpec spec) {
    return text -> load(spec).cache().embed(text);
  }

  /**
   * Loads {@code spec}'s encoder now, off the caller's thread, for a strategy that embeds prompts:
   * the static encoder distils its table (seconds) and MiniLM opens its session, which should not
   * land on the first request.
   *
   * @return done when the encoder is loaded, failed to load, or was not needed
   */
  CompletableFuture<Void> warmFor(RoutingStrategy strategy, EncoderSpec spec, Executor executor) {
    if (!strategy.embedsPrompts() || loaded.containsKey(spec)) {
      return CompletableFuture.completedFuture(null);
    }
    CompletableFuture<Void> warmed = new CompletableFuture<>();
    executor.execute(
        () -> {
          try {
            load(spec);
          } catch (RuntimeException e) {
            LOG.warnf(e, "cannot load prompt encoder %s", spec);
          } finally {
            warmed.complete(null);
          }
        });
    return warmed;
  }

  private Loaded load(EncoderSpec spec) {
    return loaded.computeIfAbsent(
        spec,
        s -> {
          long started = System.nanoTime();
          PromptEncoder model = opener.apply(s);
          LOG.infof(
              "prompt encoder %s loaded in %d ms", s, (System.nanoTime() - started) / 1_000_000);
          return new Loaded(model, new CachingEmbedder(model, CACHE_ENTRIES));
        });
  }

  /** Cache hits so far over every loaded encoder; 0 until the first embedding loads one. */
  long cacheHits() {
    return loaded.values().stream().mapToLong(l -> l.cache().hits()).sum();
  }

  long cacheMisses() {
    return loaded.values().stream().mapToLong(l -> l.cache().misses()).sum();
  }

  int cacheEntries() {
    return loaded.values().stream().mapToInt(l -> l.cache().size()).sum();
  }

  @Override
  public void close() {
    loaded.values().forEach(l -> l.model().close());
    loaded.clear();
  }
}
