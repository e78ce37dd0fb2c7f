package io.switchboard.simulated.answer;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns text into sorted sets of word ids (lower-cased letter/digit runs), interning words as it
 * goes.
 */
final class TokenSets {

  private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+");

  private final Map<String, Integer> ids = new HashMap<>();

  /** Word ids of {@code text}, interning unseen words. */
  int[] intern(String text) {
    return collect(text, true);
  }

  /**
   * Word ids of {@code text}; words never interned are dropped (they cannot match any indexed
   * prompt).
   */
  int[] lookup(String text) {
    return collect(text, false);
  }

  int vocabularySize() {
    return ids.size();
  }

  private int[] collect(String text, boolean intern) {
    Matcher matcher = WORD.matcher(text.toLowerCase(Locale.ROOT));
    int[] buffer = new int[16];
    int size = 0;
    while (matcher.find()) {
      Integer id =
          intern ? ids.computeIfAbsent(matcher.group(), w -> ids.size()) : ids.get(matcher.group());
      if (id == null) {
        continue;
      }
      if (size == buffer.length) {
        buffer = Arrays.copyOf(buffer, size * 2);
      }
      buffer[size++] = id;
    }
    return Arrays.stream(buffer, 0, size).sorted().distinct().toArray();
  }

  /** Size of the intersection of two sorted id sets. */
  static int overlap(int[] a, int[] b) {
    int i = 0;
    int j = 0;
    int shared = 0;
    while (i < a.length && j < b.length) {
      if (a[i] == b[j]) {
        shared++;
        i++;
        j++;
      } else if (a[i] < b[j]) {
        i++;
      } else {
        j++;
      }
    }
    return shared;
  }
}
