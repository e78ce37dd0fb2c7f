package io.switchboard.router.core.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.switchboard.router.config.EncoderSpec;
import io.switchboard.router.config.Truncation;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What every prompt encoder promises: unit vectors whose similarity follows meaning, and the
 * documented truncation.
 */
class PromptEncoderContractTest {

  /**
   * Each encoder with how much closer a paraphrase must be than an unrelated prompt (context buys
   * MiniLM more).
   */
  static Stream<Arguments> encoders() {
    return Stream.of(
        Arguments.of(EncoderSpec.Encoder.MINILM, 0.3),
        Arguments.of(EncoderSpec.Encoder.MINILM_STATIC, 0.1));
  }

  @ParameterizedTest
  @MethodSource("encoders")
  void unitVectorsWhoseSimilarityFollowsMeaning(EncoderSpec.Encoder encoder, double margin) {
    try (PromptEncoder embedder =
        PromptEncoders.open(new EncoderSpec(encoder, 32, Truncation.TAIL))) {
      float[] cat = embedder.embed("A cat is sleeping on the sofa.");
      float[] kitten = embedder.embed("A kitten naps on the couch.");
      float[] tax = embedder.embed("How do I file my quarterly corporate tax return?");
      assertThat(cat).hasSize(embedder.dimension()).hasSize(384);
      assertThat(dot(cat, cat)).isCloseTo(1.0, within(1e-4));
      assertThat(dot(cat, kitten)).isGreaterThan(dot(cat, tax) + margin);
    }
  }

  @ParameterizedTest
  @MethodSource("encoders")
  void keepsTheEndOfLongPromptsByDefaultOrTheStartWhenAsked(
      EncoderSpec.Encoder encoder, double margin) {
    String question = " Question: explain the proof of the prime number theorem step by step.";
    String filler = "filler words ".repeat(200);
    try (PromptEncoder tail = PromptEncoders.open(new EncoderSpec(encoder, 32, Truncation.TAIL));
        PromptEncoder head = PromptEncoders.open(new EncoderSpec(encoder, 32, Truncation.HEAD))) {
      // Tail truncation (default): everything before the last 30 word pieces is cut, so the head
      // cannot matter.
      assertThat(
              dot(
                  tail.embed("Context about cooking. " + filler + question),
                  tail.embed("Context about taxes. " + filler + question)))
          .isCloseTo(1.0, within(1e-5));
      assertThat(tail.countTokens(filler + question)).isGreaterThan(400);
      assertThat(
              dot(
                  head.embed(question + filler),
                  head.embed(question + filler + " a different tail about cooking")))
          .isCloseTo(1.0, within(1e-5));
      assertThat(
              dot(
                  head.embed("Context about cooking. " + filler),
                  head.embed("Context about taxes. " + filler)))
          .isLessThan(0.9999);
    }
  }

  static double dot(float[] a, float[] b) {
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      sum += a[i] * b[i];
    }
    return sum;
  }
}
