package io.switchboard.router.core.features;

import io.switchboard.router.config.EncoderSpec;
import io.switchboard.router.config.Truncation;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Static word-piece embeddings distilled from the shipped MiniLM (the Model2Vec recipe): each of
 * the 30,522 word pieces is run through MiniLM once as {@code [CLS] piece [SEP]} and its output
 * vector kept; a prompt is the weighted mean of its pieces' vectors, L2-normalised. No attention at
 * query time, so 128 pieces cost tens of microseconds instead of milliseconds; the price is context
 * (word order, negation), measured in docs/routing-evaluation.md.
 *
 * <p>Weights follow Model2Vec's Zipf weighting as a stand-in for IDF without a corpus: BERT's
 * uncased vocabulary lists whole words by corpus frequency from id {@value #FIRST_RANKED_ID}
 * ({@code the}) on, so a piece's weight is {@code log(1 + rank)}; special tokens, single characters
 * and punctuation (ids below that) count as rank 1.
 *
 * <p>The table is distilled from the model resource on first use in a process (about 5 s on one
 * core, 12 MB as int8 rows with one scale each) and shared by every instance: there is no second
 * artifact that could drift from the model it came from. With a table cache directory it is also
 * kept on disk under the model's hash ({@link StaticTableFile}) and read back by the next process
 * instead of being distilled again.
 */
public final class StaticEmbedder implements PromptEncoder {

  static final int FIRST_RANKED_ID = 1996;

  private final EncoderSpec spec;
  private final WordPieces wordPieces = new WordPieces();
  private final Table table;

  /** Distils the table in this process (once, shared by every instance). */
  public StaticEmbedder(int maxTokens, Truncation truncation) {
    this(maxTokens, truncation, Optional.empty());
  }

  /**
   * @param tableCache directory where the distilled table is kept across processes (created when
   *     missing); empty to distil in every process
   */
  public StaticEmbedder(int maxTokens, Truncation truncation, Optional<Path> tableCache) {
    this.spec = new EncoderSpec(EncoderSpec.Encoder.MINILM_STATIC, maxTokens, truncation);
    this.table = Table.shared(tableCache);
  }

  @Override
  public EncoderSpec spec() {
    return spec;
  }

  @Override
  public int dimension() {
    return MiniLmEmbedder.DIMENSION;
  }

  @Override
  public float[] embed(String text) {
    long[] ids = wordPieces.modelInput(text, spec.maxTokens(), spec.truncation());
    float[] sum = new float[MiniLmEmbedder.DIMENSION];
    for (int t = 1; t < ids.length - 1; t++) { // [CLS] and [SEP] carry no content
      table.accumulate((int) ids[t], sum);
    }
    return Vectors.normalised(sum);
  }

  @Override
  public int countTokens(String text) {
    return wordPieces.pieces(text).length;
  }

  @Override
  public void close() {
    wordPieces.close();
  }

  static double weight(int pieceId) {
    return Math.log(1 + Math.max(1, pieceId - FIRST_RANKED_ID + 1));
  }

  /** Per-piece vectors as int8 codes with one float scale per row (weight folded in). */
  static final class Table {
    private static final int BATCH = 1;
    private static volatile Table shared;

    private final byte[] codes;
    private final float[] scales;

    Table(byte[] codes, float[] scales) {
      this.codes = codes;
      this.scales = scales;
    }

    /**
     * The process's table, made on first use (concurrent callers wait for it): read from {@code
     * cache} when a table of this exact model is there, else distilled and, with a cache, stored
     * for the next process. A cache that cannot be written only costs the next process the
     * distillation.
     */
    static Table shared(Optional<Path> cache) {
      Table t = shared;
      if (t == null) {
        synchronized (Table.class) {
          if (shared == null) {
            shared =
                loadOrDistil(
                    cache,
                    () -> {
                      try (MiniLmEmbedder teacher = new MiniLmEmbedder()) {
                        return distil(teacher);
                      }
                    });
          }
          t = shared;
        }
      }
      return t;
    }

    static Table loadOrDistil(Optional<Path> cache, Supplier<Table> distillation) {
      Optional<Path> file =
          cache.map(
              dir ->
                  StaticTableFile.path(
                      dir,
                      EncoderSpec.Encoder.MINILM_STATIC.modelId(),
                      MiniLmEmbedder.modelBytes()));
      Optional<Table> stored =
          file.flatMap(
              f -> StaticTableFile.read(f, WordPieces.VOCABULARY_SIZE, MiniLmEmbedder.DIMENSION));
      if (stored.isPresent()) {
        return stored.get();
      }
      Table distilled = distillation.get();
      file.ifPresent(
          f -> {
            try {
              StaticTableFile.write(f, distilled);
            } catch (IOException | RuntimeException e) {
              // read-only or full volume: this process has its table, the next one distils again
            }
          });
      return distilled;
    }

    int vocabulary() {
      return scales.length;
    }

    int dimension() {
      return codes.length / scales.length;
    }

    float scale(int id) {
      return scales[id];
    }

    void writeCodes(OutputStream out) throws IOException {
      out.write(codes);
    }

    /** Same codes and scales (tests: a table read back equals the one written). */
    boolean sameAs(Table other) {
      return Arrays.equals(codes, other.codes) && Arrays.equals(scales, other.scales);
    }

    static Table distil(MiniLmEmbedder teacher) {
      int dim = MiniLmEmbedder.DIMENSION;
      byte[] codes = new byte[WordPieces.VOCABULARY_SIZE * dim];
      float[] scales = new float[WordPieces.VOCABULARY_SIZE];
      for (int from = 0; from < WordPieces.VOCABULARY_SIZE; from += BATCH) {
        int count = Math.min(BATCH, WordPieces.VOCABULARY_SIZE - from);
        float[][] rows = teacher.singlePieceOutputs(from, count);
        for (int i = 0; i < count; i++) {
          int id = from + i;
          float max = 1e-12f;
          for (float x : rows[i]) {
            max = Math.max(max, Math.abs(x));
          }
          scales[id] = (float) (weight(id) * max / 127);
          for (int d = 0; d < dim; d++) {
            codes[id * dim + d] = (byte) Math.round(rows[i][d] / max * 127);
          }
        }
      }
      return new Table(codes, scales);
    }

    /** {@code sum += weight(id) · vector(id)}. */
    void accumulate(int id, float[] sum) {
      float scale = scales[id];
      int base = id * sum.length;
      for (int d = 0; d < sum.length; d++) {
        sum[d] += scale * codes[base + d];
      }
    }

    /** The weighted vector of one piece (tests). */
    float[] row(int id) {
      float[] row = new float[MiniLmEmbedder.DIMENSION];
      accumulate(id, row);
      return row;
    }
  }
}
