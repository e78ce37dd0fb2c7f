package io.switchboard.router.core.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.switchboard.router.config.EncoderSpec;
import io.switchboard.router.config.Truncation;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class StaticEmbedderTest {

  private static StaticEmbedder embedder;
  private static MiniLmEmbedder teacher;

  @BeforeAll
  static void load() {
    embedder = new StaticEmbedder(32, Truncation.TAIL);
    teacher = new MiniLmEmbedder(32);
  }

  @AfterAll
  static void close() {
    embedder.close();
    teacher.close();
  }

  @Test
  void eachRowIsTheTeachersOutputForThatPieceAloneTimesItsZipfWeight() {
    for (int id : new int[] {1996, 4937, 17488, 29000}) { // "the", "cat", and two rarer pieces
      float[] expected = teacher.singlePieceOutputs(id, 1)[0];
      float[] row = StaticEmbedder.Table.shared(Optional.empty()).row(id);
      double weight = StaticEmbedder.weight(id);
      double maxAbs = 0;
      for (float x : expected) {
        maxAbs = Math.max(maxAbs, Math.abs(x));
      }
      for (int d = 0; d < expected.length; d++) {
        // int8 rows: error at most half a quantisation step of that row
        assertThat((double) row[d])
            .isCloseTo(weight * expected[d], within(weight * maxAbs / 127 / 2 + 1e-6));
      }
    }
    assertThat(StaticEmbedder.weight(1996)).isCloseTo(Math.log(2), within(1e-12));
    assertThat(StaticEmbedder.weight(101))
        .isCloseTo(Math.log(2), within(1e-12)); // [CLS]: below the ranked words
    assertThat(StaticEmbedder.weight(12000)).isGreaterThan(StaticEmbedder.weight(3000));
  }

  @Test
  void ignoresWordOrderWhichIsThePriceOfBeingStatic() {
    assertThat(dot(embedder.embed("the dog bit the man"), embedder.embed("the man bit the dog")))
        .isCloseTo(1.0, within(1e-5));
    assertThat(dot(teacher.embed("the dog bit the man"), teacher.embed("the man bit the dog")))
        .isLessThan(0.9999);
  }

  @Test
  void countsTokensLikeTheContextualEncoder() {
    String text = "filler words ".repeat(200) + "Question: why?";
    assertThat(embedder.countTokens(text)).isEqualTo(teacher.countTokens(text));
  }

  @Test
  void specNamesTheEncoderForArtifactsAndCaches() {
    assertThat(embedder.spec())
        .isEqualTo(new EncoderSpec(EncoderSpec.Encoder.MINILM_STATIC, 32, Truncation.TAIL));
    assertThat(embedder.spec().encoder().modelId()).isEqualTo("all-minilm-l6-v2-q-static");
    assertThat(teacher.spec().encoder().modelId()).isEqualTo("all-minilm-l6-v2-q");
    assertThat(EncoderSpec.Encoder.fromWireName("minilm-static"))
        .isEqualTo(EncoderSpec.Encoder.MINILM_STATIC);
    assertThat(EncoderSpec.Encoder.byModelId("bge-small")).isEmpty();
    assertThatThrownBy(() -> EncoderSpec.Encoder.fromWireName("bert"))
        .hasMessage("unknown encoder 'bert', expected one of minilm, minilm-static");
    assertThatThrownBy(() -> new EncoderSpec(EncoderSpec.Encoder.MINILM, 4, Truncation.TAIL))
        .hasMessageContaining("maxTokens must be in [8, 512], got 4");
  }

  private static double dot(float[] a, float[] b) {
    return PromptEncoderContractTest.dot(a, b);
  }
}
