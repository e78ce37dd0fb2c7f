package io.switchboard.simulated.answer;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.dataset.RecordedDataset;
import io.switchboard.simulated.TestDataset;
import java.io.IOException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SimulatedJudgeTest {
  private static RecordedDataset dataset;

  @BeforeAll
  static void load() throws IOException {
    dataset = RecordedDataset.load(TestDataset.write(), TestDataset.NAME);
  }

  /** The router's grading prompt (AnswerGrader) around an answer. */
  private static String grading(String question, String answer) {
    return "Question:\n" + question + "\n\nAnswer:\n" + answer + "\n\nScore (1-10):";
  }

  @Test
  void gradesASimulatedAnswerByItsModelsRecordedScore() {
    RecordedAnswers judge = new RecordedAnswers(dataset, TestDataset.SMALL, 256);
    String good =
        new RecordedAnswers(dataset, TestDataset.BIG, 256)
            .answer(TestDataset.STORY, TestDataset.STORY, null)
            .text();
    String bad =
        new RecordedAnswers(dataset, TestDataset.SMALL, 256)
            .answer(TestDataset.MATH, TestDataset.MATH, null)
            .text();

    SimulatedAnswer goodGrade =
        judge.answer(grading(TestDataset.STORY, good), grading(TestDataset.STORY, good), 4);
    SimulatedAnswer badGrade =
        judge.answer(grading(TestDataset.MATH, bad), grading(TestDataset.MATH, bad), 4);

    // Recorded: big scored 9/10 on the story, small 0 on the math question; the judge adds a little
    // noise.
    assertThat(Integer.parseInt(goodGrade.text())).isBetween(7, 10);
    assertThat(Integer.parseInt(badGrade.text())).isBetween(1, 3);
    assertThat(goodGrade.completionTokens()).isEqualTo(1);
    assertThat(goodGrade.lengthSource()).isEqualTo(SimulatedAnswer.LengthSource.JUDGE);
    assertThat(
            judge
                .answer(grading(TestDataset.STORY, good), grading(TestDataset.STORY, good), 4)
                .text())
        .isEqualTo(goodGrade.text());
  }

  @Test
  void anAnswerItCannotPlaceGetsTheNeutralGrade() {
    String prompt = grading("What is 2+2?", "4, obviously.");
    assertThat(new SimulatedJudge(dataset).grade(prompt)).isEqualTo(5);
    assertThat(SimulatedJudge.isGradingRequest(prompt)).isTrue();
    assertThat(SimulatedJudge.isGradingRequest(TestDataset.STORY)).isFalse();
  }
}
