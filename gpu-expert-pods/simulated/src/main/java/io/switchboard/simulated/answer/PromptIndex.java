package io.switchboard.simulated.answer;

import io.switchboard.dataset.RecordedPrompt;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Finds the recorded prompt a request text is answered from, deterministically and fast.
 *
 * <ol>
 *   <li>Exact: a hash map from whitespace-normalised prompt text, tried on the full request text
 *       and then on the last user message.
 *   <li>Nearest: token-set Jaccard similarity. An inverted index from word id to prompts yields
 *       candidates; words present in more than {@value #COMMON_WORD_SHARE} of the prompts (stop
 *       words, shared few-shot examples) are skipped when collecting candidates, so a lookup
 *       touches only a few posting lists. The {@value #CANDIDATES} candidates sharing the most rare
 *       words are scored exactly; ties go to the earlier prompt in file order.
 *   <li>Hashed: text without any known word maps to a prompt by a stable hash.
 * </ol>
 */
public final class PromptIndex {

  static final double COMMON_WORD_SHARE = 0.2;
  static final int CANDIDATES = 64;
  private static final Pattern WHITESPACE = Pattern.compile("\\s+");

  private final List<RecordedPrompt> prompts;
  private final Map<String, Integer> exact = new HashMap<>();
  private final TokenSets tokens = new TokenSets();
  private final int[][] promptWords;
  private final int[][] postings;
  private final int commonWordLimit;

  public PromptIndex(List<RecordedPrompt> prompts) {
    if (prompts.isEmpty()) {
      throw new IllegalArgumentException("cannot index an empty dataset");
    }
    this.prompts = List.copyOf(prompts);
    this.promptWords = new int[prompts.size()][];
    for (int i = 0; i < prompts.size(); i++) {
      exact.putIfAbsent(normalise(prompts.get(i).text()), i);
      promptWords[i] = tokens.intern(prompts.get(i).text());
    }
    int[] documentFrequency = new int[tokens.vocabularySize()];
    for (int[] words : promptWords) {
      for (int word : words) {
        documentFrequency[word]++;
      }
    }
    postings = new int[documentFrequency.length][];
    for (int word = 0; word < documentFrequency.length; word++) {
      postings[word] = new int[documentFrequency[word]];
    }
    int[] fill = new int[documentFrequency.length];
    for (int i = 0; i < promptWords.length; i++) {
      for (int word : promptWords[i]) {
        postings[word][fill[word]++] = i;
      }
    }
    commonWordLimit = Math.max(1, (int) (COMMON_WORD_SHARE * prompts.size()));
  }

  /**
   * @param fullText the whole prompt as the engine would see it (all messages' text joined by
   *     newlines)
   * @param lastUserMessage the last user message, or {@code null}
   */
  public PromptMatch match(String fullText, String lastUserMessage) {
    Integer hit = exact.get(normalise(fullText));
    if (hit != null) {
      return new PromptMatch(prompts.get(hit), PromptMatch.Kind.EXACT_PROMPT, 1.0);
    }
    if (lastUserMessage != null) {
      hit = exact.get(normalise(lastUserMessage));
      if (hit != null) {
        return new PromptMatch(prompts.get(hit), PromptMatch.Kind.EXACT_LAST_MESSAGE, 1.0);
      }
    }
    return nearest(fullText);
  }

  private PromptMatch nearest(String text) {
    int[] query = tokens.lookup(text);
    if (query.length == 0) {
      return hashed(text);
    }
    Map<Integer, Integer> sharedRare = new HashMap<>();
    for (int word : query) {
      if (postings[word].length <= commonWordLimit) {
        for (int prompt : postings[word]) {
          sharedRare.merge(prompt, 1, Integer::sum);
        }
      }
    }
    List<Integer> candidates = new ArrayList<>(sharedRare.keySet());
    if (candidates.isEmpty()) {
      // Only common words: fall back to the prompts containing the rarest of them.
      int rarest =
          Arrays.stream(query)
              .boxed()
              .min((a, b) -> Integer.compare(postings[a].length, postings[b].length))
              .orElseThrow();
      for (int prompt : postings[rarest]) {
        candidates.add(prompt);
      }
    } else if (candidates.size() > CANDIDATES) {
      candidates.sort(
          (a, b) -> {
            int byShared = Integer.compare(sharedRare.get(b), sharedRare.get(a));
            return byShared != 0 ? byShared : Integer.compare(a, b);
          });
      candidates = candidates.subList(0, CANDIDATES);
    }
    int best = -1;
    double bestSimilarity = -1;
    for (int candidate : candidates) {
      int shared = TokenSets.overlap(query, promptWords[candidate]);
      double similarity = (double) shared / (query.length + promptWords[candidate].length - shared);
      if (similarity > bestSimilarity || (similarity == bestSimilarity && candidate < best)) {
        best = candidate;
        bestSimilarity = similarity;
      }
    }
    return new PromptMatch(prompts.get(best), PromptMatch.Kind.NEAREST, bestSimilarity);
  }

  private PromptMatch hashed(String text) {
    int index = Math.floorMod(normalise(text).hashCode(), prompts.size());
    return new PromptMatch(prompts.get(index), PromptMatch.Kind.HASHED, 0.0);
  }

  static String normalise(String text) {
    return WHITESPACE.matcher(text.strip()).replaceAll(" ");
  }
}
