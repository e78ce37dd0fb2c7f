package io.switchboard.router.eval;

import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * One side of a distribution shift: a data set, or only some of its categories ({@code NAME} or
 * {@code NAME@cat1+cat2}; NAME as {@code --dataset} takes it).
 *
 * @param categories empty: every category
 */
record ShiftSlice(String dataset, Set<String> categories) {

  ShiftSlice {
    categories = Set.copyOf(categories);
  }

  static ShiftSlice of(String dataset, Collection<String> categories) {
    if (dataset.isBlank()) {
      throw new EvalInputException("a shift slice needs a data set name");
    }
    return new ShiftSlice(dataset, new LinkedHashSet<>(categories));
  }

  /** {@code NAME} or {@code NAME@cat1+cat2}. */
  static ShiftSlice parse(String spec) {
    int at = spec.lastIndexOf('@');
    if (at < 0) {
      return of(spec, List.of());
    }
    List<String> categories =
        Arrays.stream(spec.substring(at + 1).split("\\+")).map(String::strip).toList();
    if (categories.stream().anyMatch(String::isEmpty)) {
      throw new EvalInputException(
          "slice '" + spec + "': expected NAME@category or NAME@category1+category2");
    }
    return of(spec.substring(0, at), categories);
  }

  boolean contains(EvalPrompt prompt) {
    return categories.isEmpty() || categories.contains(prompt.category());
  }

  /**
   * Whether the two slices can share prompts: the same set with a common category, or the same set
   * with either side taking every category. Such a pair is not a shift.
   */
  boolean overlaps(ShiftSlice other) {
    if (!dataset.equals(other.dataset)) {
      return false;
    }
    return categories.isEmpty()
        || other.categories.isEmpty()
        || categories.stream().anyMatch(other.categories::contains);
  }

  /** A named category the set does not hold is a typo, not an empty slice. */
  void requireCategoriesIn(Collection<String> present) {
    for (String category : categories) {
      if (!present.contains(category)) {
        throw new EvalInputException(
            "data set "
                + dataset
                + " has no category '"
                + category
                + "' (it has: "
                + String.join(", ", new TreeSet<>(present))
                + ")");
      }
    }
  }

  String label() {
    String name = dataset.substring(dataset.lastIndexOf('/') + 1);
    return categories.isEmpty()
        ? name
        : name + " [" + String.join("+", new TreeSet<>(categories)) + "]";
  }
}
