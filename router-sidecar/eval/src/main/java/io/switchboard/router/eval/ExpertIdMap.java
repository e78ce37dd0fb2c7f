package io.switchboard.router.eval;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Declared stand-ins between the model ids of different data sets: {@code FROM=TO} says that expert
 * {@code FROM} of one set is evaluated as expert {@code TO} of another (RouterBench's {@code
 * mistralai/mixtral-8x7b-chat} as RouteLLM's {@code mistralai/Mixtral-8x7B-Instruct-v0.1}). Never
 * inferred from similar names: a distribution-shift table must say which ids it joined.
 */
final class ExpertIdMap {

  private final Map<String, String> toCanonical;

  private ExpertIdMap(Map<String, String> toCanonical) {
    this.toCanonical = Map.copyOf(toCanonical);
  }

  static ExpertIdMap none() {
    return new ExpertIdMap(Map.of());
  }

  /** Entries {@code FROM=TO}; a malformed or contradictory entry is an input error. */
  static ExpertIdMap parse(Collection<String> entries) {
    Map<String, String> map = new LinkedHashMap<>();
    for (String entry : entries) {
      int eq = entry.indexOf('=');
      String from = eq < 0 ? "" : entry.substring(0, eq).strip();
      String to = eq < 0 ? "" : entry.substring(eq + 1).strip();
      if (from.isEmpty() || to.isEmpty() || from.equals(to)) {
        throw new EvalInputException(
            "--expert-map entry '" + entry + "' is not FROM=TO with two different model ids");
      }
      String earlier = map.put(from, to);
      if (earlier != null && !earlier.equals(to)) {
        throw new EvalInputException(
            "--expert-map maps " + from + " to both " + earlier + " and " + to);
      }
    }
    for (String to : map.values()) {
      if (map.containsKey(to)) {
        throw new EvalInputException(
            "--expert-map chains " + to + " (it is both a FROM and a TO): map to the final id");
      }
    }
    return new ExpertIdMap(map);
  }

  String canonical(String id) {
    return toCanonical.getOrDefault(id, id);
  }

  /** The pairs as declared, for the report. */
  Map<String, String> entries() {
    return toCanonical;
  }

  /**
   * A set's experts under their canonical ids, in order; refuses a mapping that would merge two
   * experts of the same set (their outcomes would overwrite each other).
   */
  List<String> canonicalExperts(String dataset, List<String> experts) {
    Map<String, String> seen = new HashMap<>();
    List<String> renamed = new ArrayList<>();
    for (String expert : experts) {
      String id = canonical(expert);
      String other = seen.put(id, expert);
      if (other != null) {
        throw new EvalInputException(
            "--expert-map would merge "
                + other
                + " and "
                + expert
                + " of "
                + dataset
                + " into one expert "
                + id);
      }
      renamed.add(id);
    }
    return renamed;
  }

  /**
   * Every FROM must name an expert of one of the sets: a mistyped id would otherwise silently leave
   * the experts apart.
   */
  void requireKnown(Collection<String> allExperts) {
    for (String from : toCanonical.keySet()) {
      if (!allExperts.contains(from)) {
        throw new EvalInputException(
            "--expert-map names " + from + ", which is no expert of the data sets read");
      }
    }
  }

  /** The prompt with its outcomes under canonical ids, restricted to {@code keep}. */
  EvalPrompt apply(EvalPrompt prompt, Set<String> keep) {
    Map<String, Double> quality = new HashMap<>();
    Map<String, Double> cost = new HashMap<>();
    prompt
        .quality()
        .forEach(
            (expert, q) -> {
              String id = canonical(expert);
              if (keep.contains(id)) {
                quality.put(id, q);
              }
            });
    prompt
        .costUsd()
        .forEach(
            (expert, c) -> {
              String id = canonical(expert);
              if (keep.contains(id)) {
                cost.put(id, c);
              }
            });
    return new EvalPrompt(prompt.id(), prompt.category(), prompt.routingText(), quality, cost);
  }

  /** Experts (canonical ids) every list holds, in the first list's order. */
  static List<String> shared(List<List<String>> canonicalExperts) {
    Set<String> shared = new LinkedHashSet<>(canonicalExperts.get(0));
    for (List<String> experts : canonicalExperts.subList(1, canonicalExperts.size())) {
      shared.retainAll(experts);
    }
    return List.copyOf(shared);
  }
}
