package io.switchboard.router.core.strategy.classifier;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import java.util.List;

/**
 * The file written by {@code switchboard-eval train} and referenced by a classifier policy
 * ({@code classifier.modelFile}). JSON; float vectors are base64 little-endian float32 so a
 * model for a dozen experts stays well under a ConfigMap's 1 MiB.
 *
 * @param formatVersion   bump on incompatible change
 * @param embeddingModel  must match the router's embedder (vectors are model specific)
 * @param maxTokens       truncation the embeddings were computed with
 * @param truncation      which end of a long prompt was embedded ({@code HEAD} or {@code TAIL})
 * @param hashBuckets     width of the hashed TF-IDF block (0: none)
 * @param featureMean     standardisation of the dense block
 * @param featureDeviation standardisation of the dense block
 * @param idf             per-bucket inverse document frequency
 * @param experts         one quality predictor per expert
 * @param strongExpert    expert the "needs strong" score is measured against
 * @param weakExpert      the cheap expert of that pair
 * @param pairWeights     optional direct model of the strong/weak gap, {@code P = (q_s − q_w + 1) / 2};
 *                        when present it gives the "needs strong" score, else the per-expert difference does
 * @param training        provenance and the hyperparameters chosen by cross-validation
 */
public record RouterModelArtifact(
        int formatVersion, String embeddingModel, int maxTokens, String truncation, int hashBuckets,
        String featureMean, String featureDeviation, String idf,
        List<Expert> experts, String strongExpert, String weakExpert, String pairWeights, Training training) {

    public static final int FORMAT_VERSION = 1;
    public static final String EMBEDDING_MODEL = "all-minilm-l6-v2-q";

    public RouterModelArtifact withTraining(Training provenance) {
        return new RouterModelArtifact(formatVersion, embeddingModel, maxTokens, truncation, hashBuckets, featureMean, featureDeviation, idf,
                experts, strongExpert, weakExpert, pairWeights, provenance);
    }

    /** Logistic quality predictor of one expert and its average cost per request. */
    public record Expert(String name, String weights, double costPerRequestUsd, double meanQuality) {}

    public record Training(String dataset, int prompts, long seed, String score, double l2, double sparseL2, int folds, double cvApgr,
                           List<CvResult> grid) {}

    public record CvResult(String score, double l2, double sparseL2, int hashBuckets, double meanApgr) {}

    static String encode(float[] values) {
        ByteBuffer buffer = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (float value : values) {
            buffer.putFloat(value);
        }
        return Base64.getEncoder().encodeToString(buffer.array());
    }

    static String encode(double[] values) {
        float[] narrowed = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            narrowed[i] = (float) values[i];
        }
        return encode(narrowed);
    }

    static float[] decodeFloats(String base64) {
        ByteBuffer buffer = ByteBuffer.wrap(Base64.getDecoder().decode(base64)).order(ByteOrder.LITTLE_ENDIAN);
        float[] values = new float[buffer.remaining() / Float.BYTES];
        for (int i = 0; i < values.length; i++) {
            values[i] = buffer.getFloat();
        }
        return values;
    }

    static double[] decodeDoubles(String base64) {
        float[] floats = decodeFloats(base64);
        double[] values = new double[floats.length];
        for (int i = 0; i < floats.length; i++) {
            values[i] = floats[i];
        }
        return values;
    }
}
