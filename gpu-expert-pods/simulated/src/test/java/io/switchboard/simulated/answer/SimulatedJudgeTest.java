package io.switchboard.simulated.answer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.switchboard.dataset.RecordedDataset;
import io.switchboard.simulated.TestDataset;
import java.io.IOException;
import java.util.Map;
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
    // A judge that always agrees: the grade is the recorded one.
    RecordedAnswers judge =
        new RecordedAnswers(
            dataset,
            TestDataset.SMALL,
            256,
            new SimulatedJudge(dataset, 1.0),
            new SimulatedRouter(dataset, Map.of(), 1.0));
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

    // Recorded: big scored 9/10 on the story (grade 9), small 0 on the math question (grade 1).
    assertThat(Integer.parseInt(goodGrade.text())).isEqualTo(9);
    assertThat(Integer.parseInt(badGrade.text())).isEqualTo(1);
    assertThat(goodGrade.verdict().recordedScore()).isEqualTo(9.0);
    assertThat(goodGrade.completionTokens()).isEqualTo(1);
    assertThat(goodGrade.lengthSource()).isEqualTo(SimulatedAnswer.LengthSource.JUDGE);
    assertThat(
            judge
                .answer(grading(TestDataset.STORY, good), grading(TestDataset.STORY, good), 4)
                .text())
        .isEqualTo(goodGrade.text());
  }

  /**
   * Over many graded answers (2000 right, 2000 wrong) the pass/fail verdict agrees with the
   * recorded one at the declared rate; a disagreement is the mirrored grade.
   */
  @Test
  void verdictsAgreeWithTheRecordedGradeAtTheDeclaredRate() throws IOException {
    int n = 4000;
    SimulatedJudge judge =
        new SimulatedJudge(RecordedDataset.load(TestDataset.writeMany(n), "many"), 0.85);
    int agree = 0;
    for (int i = 0; i < n; i++) {
      String answer =
          "[switchboard-simulated answer: " + TestDataset.SMALL + " on many/p" + i + "; length]";
      SimulatedJudge.Verdict verdict = judge.judge(grading("question " + i, answer));
      int recorded = i % 2 == 1 ? 10 : 1;
      assertThat(verdict.grade()).isIn(recorded, 11 - recorded);
      agree += verdict.grade() == recorded ? 1 : 0;
    }
    // Standard error of a rate near 0.85 on 4000 draws: 0.006.
    assertThat(agree / (double) n).isCloseTo(0.85, within(0.025));
  }

  @Test
  void anAnswerItCannotPlaceGetsTheNeutralGrade() {
    String prompt = grading("What is 2+2?", "4, obviously.");
    assertThat(new SimulatedJudge(dataset).grade(prompt)).isEqualTo(5);
    assertThat(SimulatedJudge.isGradingRequest(prompt)).isTrue();
    assertThat(SimulatedJudge.isGradingRequest(TestDataset.STORY)).isFalse();
  }
}
