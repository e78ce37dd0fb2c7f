package io.switchboard.router.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class ShiftSplitTest {

  private static EvalPrompt prompt(String id, String category) {
    return new EvalPrompt(id, category, "text " + id, Map.of("a", 1.0, "b", 0.0), Map.of());
  }

  private static final List<EvalPrompt> TRAIN_SPLIT =
      List.of(prompt("t1", "arc"), prompt("t2", "wino"), prompt("t3", "mbpp"));
  private static final List<EvalPrompt> HELD_OUT =
      List.of(prompt("h1", "arc"), prompt("h2", "mbpp"));
  private static final List<EvalPrompt> WHOLE_SET = concat(TRAIN_SPLIT, HELD_OUT);

  private static List<EvalPrompt> concat(List<EvalPrompt> a, List<EvalPrompt> b) {
    return Stream.concat(a.stream(), b.stream()).toList();
  }

  private static List<String> ids(List<EvalPrompt> prompts) {
    return prompts.stream().map(EvalPrompt::id).toList();
  }

  @Test
  void slicesParseFromNameAndCategories() {
    assertThat(ShiftSlice.parse("routellm_mmlu"))
        .isEqualTo(new ShiftSlice("routellm_mmlu", Set.of()));
    ShiftSlice slice = ShiftSlice.parse("../data/routerdc_7model@gsm8k+mbpp");
    assertThat(slice.dataset()).isEqualTo("../data/routerdc_7model");
    assertThat(slice.categories()).containsExactlyInAnyOrder("gsm8k", "mbpp");
    assertThat(slice.label()).isEqualTo("routerdc_7model [gsm8k+mbpp]");
    assertThatThrownBy(() -> ShiftSlice.parse("set@a++b")).isInstanceOf(EvalInputException.class);
  }

  @Test
  void categoryShiftTrainsOnTheTrainingCategoriesAndTestsOnEveryPromptOfTheOthers() {
    ShiftSplit split =
        ShiftSplit.of(
            ShiftSlice.of("bench", List.of("arc", "wino")),
            TRAIN_SPLIT,
            HELD_OUT,
            ShiftSlice.parse("bench@mbpp"),
            WHOLE_SET);
    assertThat(ids(split.train())).containsExactly("t1", "t2");
    assertThat(ids(split.inDistribution())).containsExactly("h1");
    // The router never saw mbpp: its training-split prompts count as shifted test prompts too.
    assertThat(ids(split.shifted())).containsExactly("t3", "h2");
  }

  @Test
  void crossSetShiftTrainsOnTheWholeTrainingSplit() {
    List<EvalPrompt> other = List.of(prompt("m1", "anatomy"), prompt("m2", "law"));
    ShiftSplit split =
        ShiftSplit.of(
            ShiftSlice.of("bench", List.of()),
            TRAIN_SPLIT,
            HELD_OUT,
            ShiftSlice.parse("mmlu"),
            other);
    assertThat(ids(split.train())).containsExactly("t1", "t2", "t3");
    assertThat(ids(split.inDistribution())).containsExactly("h1", "h2");
    assertThat(ids(split.shifted())).containsExactly("m1", "m2");
  }

  @Test
  void overlappingSlicesOfOneSetAreNotAShift() {
    assertThatThrownBy(
            () ->
                ShiftSplit.of(
                    ShiftSlice.of("bench", List.of("arc", "mbpp")),
                    TRAIN_SPLIT,
                    HELD_OUT,
                    ShiftSlice.parse("bench@mbpp"),
                    WHOLE_SET))
        .isInstanceOf(EvalInputException.class)
        .hasMessageContaining("overlaps");
    assertThatThrownBy(
            () ->
                ShiftSplit.of(
                    ShiftSlice.of("bench", List.of()),
                    TRAIN_SPLIT,
                    HELD_OUT,
                    ShiftSlice.parse("bench@mbpp"),
                    WHOLE_SET))
        .isInstanceOf(EvalInputException.class);
  }

  @Test
  void anEmptyPartIsAnInputError() {
    assertThatThrownBy(
            () ->
                ShiftSplit.of(
                    ShiftSlice.of("bench", List.of("wino")),
                    TRAIN_SPLIT,
                    HELD_OUT,
                    ShiftSlice.parse("bench@mbpp"),
                    WHOLE_SET))
        .isInstanceOf(EvalInputException.class)
        .hasMessageContaining("1 training, 0 in-distribution");
  }

  @Test
  void aCategoryTheSetLacksIsATypo() {
    assertThatThrownBy(
            () -> ShiftSlice.parse("bench@mbbp").requireCategoriesIn(List.of("arc", "mbpp")))
        .isInstanceOf(EvalInputException.class)
        .hasMessageContaining("no category 'mbbp'")
        .hasMessageContaining("arc, mbpp");
  }
}
