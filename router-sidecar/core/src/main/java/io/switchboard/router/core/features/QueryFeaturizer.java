package io.switchboard.router.core.features;

import java.util.concurrent.CompletableFuture;

/**
 * Builds {@link QueryFeatures}: cheap text features inline, the embedding only when asked,
 * either blocking (offline replay, worker threads) or on the bounded {@link EmbeddingWorkers}
 * pool (live requests, so inference never runs on an event loop).
 */
public final class QueryFeaturizer {

    private final TextFeatureExtractor textFeatures;
    private final Embedder embedder;
    private final EmbeddingWorkers workers;

    public QueryFeaturizer(TextFeatureExtractor textFeatures, Embedder embedder, EmbeddingWorkers workers) {
        this.textFeatures = textFeatures;
        this.embedder = embedder;
        this.workers = workers;
    }

    /** Blocking: for callers that already run off the event loop. */
    public QueryFeatures features(String text, boolean withEmbedding) {
        return new QueryFeatures(text, textFeatures.extract(text), withEmbedding ? embedder.embed(text) : null);
    }

    /** Non-blocking: the embedding (if needed) is computed on the worker pool. */
    public CompletableFuture<QueryFeatures> featuresAsync(String text, boolean withEmbedding) {
        TextFeatures cheap = textFeatures.extract(text);
        if (!withEmbedding) {
            return CompletableFuture.completedFuture(new QueryFeatures(text, cheap, null));
        }
        if (workers == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("no embedding worker pool configured"));
        }
        return workers.embed(text).thenApply(vector -> new QueryFeatures(text, cheap, vector));
    }

    public int embeddingDimension() {
        return embedder.dimension();
    }
}
