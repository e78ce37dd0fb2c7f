package io.switchboard.router.core.features;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class WordPiecesTest {

  private static WordPieces wordPieces;

  @BeforeAll
  static void load() {
    wordPieces = new WordPieces();
  }

  @AfterAll
  static void close() {
    wordPieces.close();
  }

  @Test
  void tokenizingOnlyTheEndGivesTheSameTailAsTheWholePrompt() {
    String[] vocabulary = {
      "the",
      "question",
      "Answer:",
      "unbelievably",
      "1,234.5",
      "x^2",
      "(a)",
      "naïve",
      "東京",
      "café",
      "—",
      "\n",
      "\t",
      "supercalifragilisticexpialidocious",
      "e.g.",
      "C++",
      "über",
      "🙂",
      "A",
      "!!!"
    };
    Random random = new Random(7);
    for (int trial = 0; trial < 300; trial++) {
      StringBuilder text = new StringBuilder();
      int words = 20 + random.nextInt(2000);
      for (int i = 0; i < words; i++) {
        text.append(vocabulary[random.nextInt(vocabulary.length)])
            .append(random.nextInt(5) == 0 ? "" : " ");
      }
      int wanted = 8 + random.nextInt(250);
      long[] whole = wordPieces.pieces(text.toString());
      long[] tail = wordPieces.tailPieces(text.toString(), wanted);
      int n = Math.min(wanted, whole.length);
      assertThat(Arrays.copyOfRange(tail, tail.length - n, tail.length))
          .as("trial %d", trial)
          .containsExactly(Arrays.copyOfRange(whole, whole.length - n, whole.length));
    }
  }

  @Test
  void fallsBackToTheWholePromptWhenTheEndHasNoWhitespaceOrTooFewPieces() {
    String noSpaces = "a".repeat(5000);
    assertThat(wordPieces.tailPieces(noSpaces, 10)).containsExactly(wordPieces.pieces(noSpaces));
    String shortText = "just a few words";
    assertThat(wordPieces.tailPieces(shortText, 100)).containsExactly(wordPieces.pieces(shortText));
  }
}
