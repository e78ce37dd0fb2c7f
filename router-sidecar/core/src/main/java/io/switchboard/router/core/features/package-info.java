/**
 * Query features: MiniLM-L6-v2 (INT8) sentence embeddings on ONNX Runtime, CPU, one intra-op
 * thread, truncated to 128 word pieces keeping the end of the prompt, or static word-piece vectors
 * distilled from the same model ({@link io.switchboard.router.core.features.StaticEmbedder}),
 * chosen by an {@link io.switchboard.router.config.EncoderSpec}; a bounded worker pool ({@link
 * io.switchboard.router.core.features.EmbeddingWorkers}) so inference never runs on an event loop;
 * an LRU cache; cheap text features. See docs/routing-evaluation.md.
 */
package io.switchboard.router.core.features;
