package io.switchboard.simulated.answer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.dataset.RecordedDataset;
import io.switchboard.simulated.TestDataset;
import java.io.IOException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RecordedAnswersTest {

  private static RecordedDataset dataset;

  @BeforeAll
  static void load() throws IOException {
    dataset = RecordedDataset.load(TestDataset.write(), TestDataset.NAME);
  }

  @Test
  void exactPromptGetsRecordedLengthAndScore() {
    RecordedAnswers answers = new RecordedAnswers(dataset, TestDataset.BIG, 256);
    SimulatedAnswer answer = answers.answer(TestDataset.STORY, TestDataset.STORY, null);
    assertThat(answer.match().kind()).isEqualTo(PromptMatch.Kind.EXACT_PROMPT);
    assertThat(answer.match().prompt().promptId()).isEqualTo("story.1");
    assertThat(answer.text())
        .hasSize(400)
        .startsWith("[switchboard-simulated answer: acme/big-70b on simtest/story.1");
    assertThat(answer.completionTokens()).isEqualTo(100);
    assertThat(answer.recordedScore()).isEqualTo(9.0);
    assertThat(answer.finishReason()).isEqualTo("stop");
    assertThat(answer.lengthSource()).isEqualTo(SimulatedAnswer.LengthSource.RECORDED_CHARS);
  }

  @Test
  void otherModelAnswersDifferently() {
    SimulatedAnswer small =
        new RecordedAnswers(dataset, TestDataset.SMALL, 256).answer(TestDataset.STORY, null, null);
    assertThat(small.text()).hasSize(240);
    assertThat(small.recordedScore()).isEqualTo(6.0);
  }

  @Test
  void lastUserMessageMatchesWhenASystemPromptIsAdded() {
    RecordedAnswers answers = new RecordedAnswers(dataset, TestDataset.BIG, 256);
    SimulatedAnswer answer =
        answers.answer("You are helpful.\n" + TestDataset.MATH, TestDataset.MATH, null);
    assertThat(answer.match().kind()).isEqualTo(PromptMatch.Kind.EXACT_LAST_MESSAGE);
    assertThat(answer.match().prompt().promptId()).isEqualTo("math.1");
  }

  @Test
  void unknownPromptUsesNearestRecordedOneDeterministically() {
    RecordedAnswers answers = new RecordedAnswers(dataset, TestDataset.BIG, 256);
    String text = "Tell me a story about a lonely lighthouse keeper and a bottle";
    SimulatedAnswer first = answers.answer(text, text, null);
    assertThat(first.match().kind()).isEqualTo(PromptMatch.Kind.NEAREST);
    assertThat(first.match().prompt().promptId()).isEqualTo("story.1");
    assertThat(first.match().similarity()).isBetween(0.1, 0.99);
    assertThat(answers.answer(text, text, null)).isEqualTo(first);
  }

  @Test
  void textWithoutKnownWordsIsHashedStably() {
    RecordedAnswers answers = new RecordedAnswers(dataset, TestDataset.BIG, 256);
    SimulatedAnswer answer = answers.answer("zzqx vvqy", null, null);
    assertThat(answer.match().kind()).isEqualTo(PromptMatch.Kind.HASHED);
    assertThat(answers.answer("zzqx vvqy", null, null).match()).isEqualTo(answer.match());
  }

  @Test
  void recordedTokensWinAndDefaultFillsGaps() {
    RecordedAnswers answers = new RecordedAnswers(dataset, TestDataset.BIG, 77);
    SimulatedAnswer capital = answers.answer(TestDataset.CAPITAL, null, null);
    assertThat(capital.completionTokens()).isEqualTo(30);
    assertThat(capital.lengthSource()).isEqualTo(SimulatedAnswer.LengthSource.RECORDED_TOKENS);
    SimulatedAnswer noLength =
        answers.answer("Which planet has the most moons in the solar system?", null, null);
    assertThat(noLength.completionTokens()).isEqualTo(77);
    assertThat(noLength.lengthSource()).isEqualTo(SimulatedAnswer.LengthSource.DEFAULT);
    assertThat(noLength.recordedScore()).isNull();
  }

  @Test
  void maxTokensTruncates() {
    SimulatedAnswer answer =
        new RecordedAnswers(dataset, TestDataset.BIG, 256).answer(TestDataset.STORY, null, 10);
    assertThat(answer.completionTokens()).isEqualTo(10);
    assertThat(answer.finishReason()).isEqualTo("length");
    assertThat(answer.text()).hasSize(40);
  }

  @Test
  void unknownModelIsRefused() {
    assertThatThrownBy(() -> new RecordedAnswers(dataset, "nobody", 1))
        .hasMessageContaining("acme/big-70b");
  }
}
