package io.switchboard.router.core.features;

import io.switchboard.router.core.support.AtomicFile;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * A distilled static table kept on disk, so a restarted router does not spend seconds of CPU
 * distilling it again. The file name carries the SHA-256 of the teacher model's bytes and of the
 * distillation recipe: a table can only be read back for the exact model and recipe that made it,
 * so the cache cannot drift from the model it came from. A file that does not parse (torn,
 * truncated, another layout) is ignored and rewritten.
 */
final class StaticTableFile {

  /** Bumped whenever distillation (weights, quantisation, one piece per run) changes. */
  static final int RECIPE = 1;

  private static final int MAGIC = 0x53425354; // "SBST"

  private StaticTableFile() {}

  /** {@code <dir>/<modelId>.<first 16 hex of SHA-256(model bytes, recipe)>.table}. */
  static Path path(Path dir, String modelId, byte[] modelBytes) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(modelBytes);
      sha.update(("recipe-" + RECIPE).getBytes(StandardCharsets.UTF_8));
      return dir.resolve(
          modelId + "." + HexFormat.of().formatHex(sha.digest()).substring(0, 16) + ".table");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 missing from the JVM", e);
    }
  }

  /**
   * The table stored at {@code file}, or empty when there is none or it does not parse as one of
   * this shape.
   */
  static Optional<StaticEmbedder.Table> read(Path file, int vocabulary, int dimension) {
    try (InputStream raw = Files.newInputStream(file);
        DataInputStream in = new DataInputStream(new BufferedInputStream(raw, 1 << 16))) {
      if (in.readInt() != MAGIC
          || in.readInt() != RECIPE
          || in.readInt() != vocabulary
          || in.readInt() != dimension) {
        return Optional.empty();
      }
      float[] scales = new float[vocabulary];
      for (int i = 0; i < vocabulary; i++) {
        scales[i] = in.readFloat();
      }
      byte[] codes = new byte[vocabulary * dimension];
      in.readFully(codes);
      if (in.read() != -1) {
        return Optional.empty();
      }
      return Optional.of(new StaticEmbedder.Table(codes, scales));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      return Optional.empty(); // truncated or unreadable: distil again and replace it
    }
  }

  /**
   * Writes {@code table} atomically (temp sibling, then a move), so a reader never sees a torn
   * file.
   */
  static void write(Path file, StaticEmbedder.Table table) throws IOException {
    AtomicFile.write(
        file,
        raw -> {
          DataOutputStream out = new DataOutputStream(new BufferedOutputStream(raw, 1 << 16));
          out.writeInt(MAGIC);
          out.writeInt(RECIPE);
          out.writeInt(table.vocabulary());
          out.writeInt(table.dimension());
          for (int i = 0; i < table.vocabulary(); i++) {
            out.writeFloat(table.scale(i));
          }
          table.writeCodes(out);
          out.flush();
        });
  }
}
