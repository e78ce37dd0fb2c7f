package io.switchboard.router.core.features;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.router.config.EncoderSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A distilled table survives a restart only for the exact model that made it, and a bad file is
 * never used.
 */
class StaticTableFileTest {

  private static final int VOCABULARY = WordPieces.VOCABULARY_SIZE;
  private static final int DIMENSION = MiniLmEmbedder.DIMENSION;

  @TempDir Path dir;

  /** A small made-up table of the real shape (no distillation needed to test the file). */
  private static StaticEmbedder.Table table(int seed) {
    byte[] codes = new byte[VOCABULARY * DIMENSION];
    float[] scales = new float[VOCABULARY];
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = 0; i < codes.length; i++) {
      codes[i] = (byte) random.nextInt(-127, 128);
    }
    for (int i = 0; i < scales.length; i++) {
      scales[i] = (float) random.nextDouble();
    }
    return new StaticEmbedder.Table(codes, scales);
  }

  @Test
  void aWrittenTableReadsBackIdentical() throws IOException {
    StaticEmbedder.Table written = table(1);
    Path file = StaticTableFile.path(dir, "m", new byte[] {1, 2, 3});
    StaticTableFile.write(file, written);

    assertThat(StaticTableFile.read(file, VOCABULARY, DIMENSION)).get().matches(written::sameAs);
    try (var files = Files.list(dir)) {
      assertThat(files).containsExactly(file); // no temp file left behind
    }
  }

  @Test
  void theFileNameChangesWithTheModelBytes() {
    assertThat(StaticTableFile.path(dir, "m", new byte[] {1, 2, 3}))
        .isNotEqualTo(StaticTableFile.path(dir, "m", new byte[] {1, 2, 4}))
        .isEqualTo(StaticTableFile.path(dir, "m", new byte[] {1, 2, 3}));
  }

  @Test
  void truncatedPaddedOrForeignFilesAreIgnored() throws IOException {
    Path file = StaticTableFile.path(dir, "m", new byte[] {1});
    StaticTableFile.write(file, table(2));
    byte[] whole = Files.readAllBytes(file);

    Files.write(file, Arrays.copyOf(whole, whole.length - 1));
    assertThat(StaticTableFile.read(file, VOCABULARY, DIMENSION)).isEmpty();
    Files.write(file, Arrays.copyOf(whole, whole.length + 1));
    assertThat(StaticTableFile.read(file, VOCABULARY, DIMENSION)).isEmpty();
    Files.write(file, whole);
    assertThat(StaticTableFile.read(file, VOCABULARY, DIMENSION + 1)).isEmpty(); // another shape
    byte[] otherRecipe = whole.clone();
    otherRecipe[7]++; // the recipe number
    Files.write(file, otherRecipe);
    assertThat(StaticTableFile.read(file, VOCABULARY, DIMENSION)).isEmpty();
    assertThat(StaticTableFile.read(dir.resolve("absent.table"), VOCABULARY, DIMENSION)).isEmpty();
  }

  @Test
  void aCachedTableOfThisModelIsReadInsteadOfDistilledAndABadOneIsReplaced() throws IOException {
    AtomicInteger distillations = new AtomicInteger();
    StaticEmbedder.Table distilled = table(3);

    StaticEmbedder.Table first =
        StaticEmbedder.Table.loadOrDistil(
            Optional.of(dir),
            () -> {
              distillations.incrementAndGet();
              return distilled;
            });
    assertThat(first).isSameAs(distilled);
    Path file =
        StaticTableFile.path(
            dir, EncoderSpec.Encoder.MINILM_STATIC.modelId(), MiniLmEmbedder.modelBytes());
    assertThat(file).exists();

    StaticEmbedder.Table second =
        StaticEmbedder.Table.loadOrDistil(
            Optional.of(dir),
            () -> {
              distillations.incrementAndGet();
              return table(4);
            });
    assertThat(distillations).hasValue(1);
    assertThat(second.sameAs(distilled)).isTrue();

    Files.write(file, new byte[] {1, 2, 3});
    StaticEmbedder.Table third =
        StaticEmbedder.Table.loadOrDistil(
            Optional.of(dir),
            () -> {
              distillations.incrementAndGet();
              return table(5);
            });
    assertThat(distillations).hasValue(2);
    assertThat(third.sameAs(table(5))).isTrue();
    assertThat(StaticTableFile.read(file, VOCABULARY, DIMENSION)).get().matches(third::sameAs);
  }

  @Test
  void anUnwritableCacheOnlyCostsTheNextProcessTheDistillation() throws IOException {
    Path notADirectory = Files.writeString(dir.resolve("file"), "x");
    StaticEmbedder.Table distilled = table(6);
    assertThat(StaticEmbedder.Table.loadOrDistil(Optional.of(notADirectory), () -> distilled))
        .isSameAs(distilled);
  }
}
