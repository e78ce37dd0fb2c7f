package io.switchboard.simulated.answer;

import io.switchboard.dataset.RecordedDataset;
import io.switchboard.dataset.RecordedOutcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A <b>simulated</b> router LLM for the router's {@code llm} mode: asked the router's prompt (a
 * system message "You are a request router. ... Experts: - NAME: ..." and the user's query), it
 * answers {@code {"expert": "NAME"}} as a router model would. Which name: the recorded best-value
 * candidate for the query's recorded prompt (the cheapest, by recorded cost, of the candidates
 * reaching the best recorded score, the harness's oracle), with probability {@code accuracy}; else
 * a uniformly random other candidate. Candidate names map to recorded models through the pool
 * ({@code SIM_POOL_MODELS}); a name it cannot map has no recorded outcome and is never the best.
 *
 * <p>It reads recorded outcomes no real router has, so it is an optimistic router whose quality is
 * set by {@code accuracy}, not a model of any published router. Its latency is the expert's own
 * model profile (TTFT of the router prompt + the reply's tokens × TPOT, in the batching engine),
 * like any answer. Choices are seeded by prompt, so replays are reproducible.
 */
public final class SimulatedRouter {

  public static final double DEFAULT_ACCURACY = 0.8;

  /**
   * One routing answer.
   *
   * @param best the recorded best-value candidate, {@code null} when no candidate has a recorded
   *     outcome
   */
  public record Choice(String expert, String best, String promptId) {
    public String replyJson() {
      return "{\"expert\": \"" + expert + "\"}";
    }
  }

  private static final String OPENING = "You are a request router.";
  private static final Pattern CANDIDATE = Pattern.compile("(?m)^- ([A-Za-z0-9._-]+): ");

  private final RecordedDataset dataset;
  private final Map<String, String> poolModels;
  private final double accuracy;

  public SimulatedRouter(RecordedDataset dataset, Map<String, String> poolModels, double accuracy) {
    if (!(accuracy >= 0 && accuracy <= 1)) {
      throw new IllegalArgumentException("router accuracy must be in [0, 1], got " + accuracy);
    }
    this.dataset = dataset;
    this.poolModels = Map.copyOf(poolModels);
    this.accuracy = accuracy;
  }

  public double accuracy() {
    return accuracy;
  }

  /** True for the router's prompt (the request text opens with its system message). */
  public static boolean isRouterRequest(String fullText) {
    return fullText != null && fullText.startsWith(OPENING) && fullText.contains("{\"expert\":");
  }

  /** The candidates the router prompt lists, in order. */
  static List<String> candidates(String fullText) {
    int end = fullText.indexOf("Answer with exactly one JSON object");
    Matcher m = CANDIDATE.matcher(end < 0 ? fullText : fullText.substring(0, end));
    List<String> names = new ArrayList<>();
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }

  /**
   * The choice for the router prompt {@code fullText} whose query matched recorded prompt {@code
   * promptId}; empty when the prompt lists no candidate.
   */
  public Optional<Choice> choose(String fullText, String promptId) {
    List<String> candidates = candidates(fullText);
    if (candidates.isEmpty()) {
      return Optional.empty();
    }
    String best = best(candidates, promptId);
    SplittableRandom random = new SplittableRandom(((long) promptId.hashCode() << 32) ^ 0x20C7E5L);
    boolean right = best != null && random.nextDouble() < accuracy;
    if (right || candidates.size() == 1) {
      return Optional.of(new Choice(right ? best : candidates.get(0), best, promptId));
    }
    List<String> others = new ArrayList<>(candidates);
    others.remove(best);
    return Optional.of(new Choice(others.get(random.nextInt(others.size())), best, promptId));
  }

  /** Highest recorded score, then lowest recorded cost, then the first listed. */
  private String best(List<String> candidates, String promptId) {
    String best = null;
    double bestScore = Double.NEGATIVE_INFINITY;
    double bestCost = Double.POSITIVE_INFINITY;
    for (String name : candidates) {
      String model = poolModels.get(name);
      Optional<RecordedOutcome> outcome =
          model == null ? Optional.empty() : dataset.outcome(promptId, model);
      if (outcome.isEmpty() || outcome.get().score() == null) {
        continue;
      }
      double score = outcome.get().score();
      double cost = outcome.get().costUsd() == null ? Double.MAX_VALUE : outcome.get().costUsd();
      if (score > bestScore || (score == bestScore && cost < bestCost)) {
        best = name;
        bestScore = score;
        bestCost = cost;
      }
    }
    return best;
  }

  /** Parses {@code name=model,name=model} ({@code SIM_POOL_MODELS}); blank = empty. */
  public static Map<String, String> parsePoolModels(String value) {
    Map<String, String> models = new TreeMap<>();
    if (value == null || value.isBlank()) {
      return models;
    }
    for (String pair : value.split(",")) {
      int eq = pair.indexOf('=');
      if (eq <= 0 || eq == pair.length() - 1) {
        throw new IllegalArgumentException("pool models: expected name=model, got '" + pair + "'");
      }
      models.put(pair.substring(0, eq).strip(), pair.substring(eq + 1).strip());
    }
    return models;
  }
}
