package io.switchboard.router.eval;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The prompts of one shift: the router trains on the training slice's share of the seeded training
 * split, is measured in distribution on the same slice's held-out prompts (what {@code evaluate}
 * reports), and shifted on every prompt of the test slice (none of them is a training prompt, so
 * none needs holding out).
 */
record ShiftSplit(
    List<EvalPrompt> train, List<EvalPrompt> inDistribution, List<EvalPrompt> shifted) {

  /**
   * @param trainSplit the training set's seeded training prompts
   * @param heldOut the training set's seeded held-out prompts
   * @param testPrompts every prompt of the test slice's data set
   */
  static ShiftSplit of(
      ShiftSlice trainSlice,
      List<EvalPrompt> trainSplit,
      List<EvalPrompt> heldOut,
      ShiftSlice testSlice,
      List<EvalPrompt> testPrompts) {
    if (trainSlice.overlaps(testSlice)) {
      throw new EvalInputException(
          "test slice "
              + testSlice.label()
              + " overlaps the training slice "
              + trainSlice.label()
              + ": a shift needs another data set or disjoint categories");
    }
    List<EvalPrompt> train = trainSplit.stream().filter(trainSlice::contains).toList();
    List<EvalPrompt> inDistribution = heldOut.stream().filter(trainSlice::contains).toList();
    List<EvalPrompt> shifted = testPrompts.stream().filter(testSlice::contains).toList();
    if (train.isEmpty() || inDistribution.isEmpty() || shifted.isEmpty()) {
      throw new EvalInputException(
          String.format(
              "shift %s -> %s has %d training, %d in-distribution and %d shifted prompts: every"
                  + " part needs some",
              trainSlice.label(),
              testSlice.label(),
              train.size(),
              inDistribution.size(),
              shifted.size()));
    }
    if (trainSlice.dataset().equals(testSlice.dataset())) {
      // Categories are disjoint, so ids must be: a prompt filed under two categories would leak.
      Set<String> seen = new HashSet<>();
      train.forEach(p -> seen.add(p.id()));
      if (shifted.stream().anyMatch(p -> seen.contains(p.id()))) {
        throw new IllegalStateException("a shifted prompt is also a training prompt");
      }
    }
    return new ShiftSplit(train, inDistribution, shifted);
  }
}
