package io.switchboard.router.eval;

import io.switchboard.router.core.features.SentenceEmbedder;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * Disk cache of prompt embeddings for offline evaluation: embedding ~30k prompts takes minutes on
 * two cores, so each vector is computed once per (dataset, model, truncation) and appended to
 * {@code <dir>/<dataset>.<model>.<truncation>.emb}, keyed by the first 8 bytes of the SHA-256 of
 * the prompt text. Records: {@code long key, int dim, float[dim]}.
 */
public final class EmbeddingStore {

  private final Path file;
  private final Map<Long, float[]> vectors = new ConcurrentHashMap<>();

  /**
   * @param truncation e.g. {@code tail128}: which part of the prompt, how many word pieces
   */
  public EmbeddingStore(Path cacheDir, String dataset, String model, String truncation) {
    this.file = cacheDir.resolve(dataset + "." + model + "." + truncation + ".emb");
    if (Files.exists(file)) {
      read();
    }
  }

  public static Path defaultDirectory() {
    return Path.of(System.getProperty("user.home"), ".cache", "switchboard", "embeddings");
  }

  public float[] get(String text) {
    float[] vector = vectors.get(key(text));
    if (vector == null) {
      throw new IllegalStateException("no cached embedding for a prompt; call ensure() first");
    }
    return vector;
  }

  /** Embeds every text not yet cached with {@code threads} workers and appends them to the file. */
  public void ensure(
      Collection<String> texts, SentenceEmbedder embedder, int threads, IntConsumer progress) {
    List<String> missing = new ArrayList<>();
    for (String text : texts) {
      if (!vectors.containsKey(key(text))) {
        missing.add(text);
      }
    }
    if (missing.isEmpty()) {
      return;
    }
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    AtomicInteger done = new AtomicInteger();
    try {
      Files.createDirectories(file.getParent());
      try (DataOutputStream out =
          new DataOutputStream(
              new BufferedOutputStream(
                  Files.newOutputStream(
                      file, StandardOpenOption.CREATE, StandardOpenOption.APPEND)))) {
        List<Future<?>> futures = new ArrayList<>();
        for (String text : missing) {
          futures.add(
              pool.submit(
                  () -> {
                    float[] vector = embedder.embed(text);
                    long key = key(text);
                    synchronized (out) {
                      write(out, key, vector);
                    }
                    vectors.put(key, vector);
                    int count = done.incrementAndGet();
                    if (count % 500 == 0) {
                      progress.accept(count);
                    }
                    return null;
                  }));
        }
        for (Future<?> future : futures) {
          future.get();
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write embedding cache " + file, e);
    } catch (Exception e) {
      throw new IllegalStateException("embedding failed", e);
    } finally {
      pool.shutdownNow();
    }
  }

  public int size() {
    return vectors.size();
  }

  private void read() {
    try (DataInputStream in =
        new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
      while (true) {
        long key;
        try {
          key = in.readLong();
        } catch (EOFException end) {
          return;
        }
        int dimension = in.readInt();
        float[] vector = new float[dimension];
        for (int i = 0; i < dimension; i++) {
          vector[i] = in.readFloat();
        }
        vectors.put(key, vector);
      }
    } catch (EOFException truncated) {
      // A run killed mid-write leaves a partial last record: keep what is complete.
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read embedding cache " + file, e);
    }
  }

  private static void write(DataOutputStream out, long key, float[] vector) throws IOException {
    out.writeLong(key);
    out.writeInt(vector.length);
    for (float value : vector) {
      out.writeFloat(value);
    }
  }

  static long key(String text) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return ByteBuffer.wrap(digest, 0, 8).getLong();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }
}
