package io.switchboard.router.runtime;

import io.switchboard.router.core.features.CachingEmbedder;
import io.switchboard.router.core.features.MiniLmEmbedder;
import io.switchboard.router.core.spi.Embedder;

/**
 * all-MiniLM-L6-v2 (ONNX, CPU) loaded on first use only, so a router whose strategy never asks for embeddings
 * pays neither the start-up time nor the memory. Blocking; the data plane calls it on worker threads.
 */
final class LazyEmbedder implements Embedder, AutoCloseable {
    private volatile MiniLmEmbedder model;
    private volatile CachingEmbedder cached;

    @Override
    public float[] embed(String text) {
        CachingEmbedder c = cached;
        if (c == null) {
            synchronized (this) {
                if (cached == null) {
                    model = new MiniLmEmbedder();
                    cached = new CachingEmbedder(model, 10_000);
                }
                c = cached;
            }
        }
        return c.embed(text);
    }

    /** Cache hits so far; 0 until the first embedding loads the model. */
    long cacheHits() {
        CachingEmbedder c = cached;
        return c == null ? 0 : c.hits();
    }

    long cacheMisses() {
        CachingEmbedder c = cached;
        return c == null ? 0 : c.misses();
    }

    int cacheEntries() {
        CachingEmbedder c = cached;
        return c == null ? 0 : c.size();
    }

    @Override
    public synchronized void close() {
        if (model != null) {
            model.close();
        }
    }
}
