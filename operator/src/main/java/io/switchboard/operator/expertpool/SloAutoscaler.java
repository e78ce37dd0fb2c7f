package io.switchboard.operator.expertpool;

import io.switchboard.api.v1alpha1.expertpool.AutoscalingSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Replicas for a self-hosted expert from its SLOs, the way the Horizontal Pod Autoscaler scales on
 * a metric: for every SLO with an observation, ratio = observed / target, and desired =
 * ceil(current × the largest ratio).
 *
 * <ul>
 *   <li>Ratios within ±10 % of 1 change nothing (the HPA's tolerance), so noise does not flap
 *       replicas.
 *   <li>Scaling up is immediate but at most doubles (+1 at least) per step: a slow replica start
 *       (model load) must not be answered by ever larger steps while the first new replicas are
 *       still loading.
 *   <li>Scaling down takes the largest recommendation of the last {@code
 *       scaleDownStabilizationSeconds}, so a short lull does not drop replicas that take minutes to
 *       come back.
 *   <li>The result stays within the expert's replica range and never goes below 1 while
 *       autoscaling: with no replica there is no engine metric to scale back up from.
 * </ul>
 *
 * Decisions are kept per expert in memory: after an operator restart scale-down waits one full
 * stabilization window.
 */
public final class SloAutoscaler {
  static final double TOLERANCE = 0.1;

  /**
   * What the engines of one expert report over the last window; null fields were not observed.
   *
   * @param waitingPerReplica waiting requests summed over every engine series (a data-parallel vLLM
   *     has one per {@code engine} label) of every replica read, divided by those replicas
   * @param kvCacheUsage mean KV-cache use over the replicas read (each the mean of its engines)
   * @param replicasRead replicas whose metrics were read
   * @param engines engine series the queue was summed over, across those replicas
   */
  public record Observation(
      Double ttftP95Ms,
      Double tpotP95Ms,
      Double waitingPerReplica,
      Double kvCacheUsage,
      Integer replicasRead,
      Integer engines) {

    public Observation(
        Double ttftP95Ms, Double tpotP95Ms, Double waitingPerReplica, Double kvCacheUsage) {
      this(ttftP95Ms, tpotP95Ms, waitingPerReplica, kvCacheUsage, null, null);
    }
  }

  /** The decision and why, for status and events. */
  public record Decision(int replicas, String reason) {}

  private record Recommendation(Instant at, int replicas) {}

  private final Map<String, Deque<Recommendation>> history = new ConcurrentHashMap<>();

  public Decision decide(
      String expertKey,
      AutoscalingSpec slo,
      int current,
      int min,
      int max,
      Observation seen,
      Instant now) {
    return decide(expertKey, slo, current, min, max, seen, Optional.empty(), now);
  }

  /**
   * Also holds the end-to-end p95 of a Budget's {@code slo.p95LatencyMs} (see {@link
   * BudgetLatency}), but only while requests wait at the engines: more replicas shorten a queue,
   * not a long generation, so latency with nothing waiting would only add GPUs that stay idle.
   */
  public Decision decide(
      String expertKey,
      AutoscalingSpec slo,
      int current,
      int min,
      int max,
      Observation seen,
      Optional<BudgetLatency.Pressure> budgetLatency,
      Instant now) {
    int floor = Math.max(1, min);
    int ceiling = Math.max(floor, max);
    List<String> breaches = new ArrayList<>();
    double ratio = Double.NaN;
    ratio =
        worst(
            ratio,
            ratio(slo.ttftP95Ms(), seen.ttftP95Ms()),
            "TTFT p95",
            seen.ttftP95Ms(),
            slo.ttftP95Ms(),
            " ms",
            breaches);
    ratio =
        worst(
            ratio,
            ratio(slo.tpotP95Ms(), seen.tpotP95Ms()),
            "TPOT p95",
            seen.tpotP95Ms(),
            slo.tpotP95Ms(),
            " ms",
            breaches);
    ratio =
        worst(
            ratio,
            ratio(slo.maxQueueDepth(), seen.waitingPerReplica()),
            "waiting per replica",
            seen.waitingPerReplica(),
            slo.maxQueueDepth(),
            "",
            breaches);
    ratio =
        worst(
            ratio,
            ratio(slo.targetUtilization(), seen.kvCacheUsage()),
            "KV-cache use",
            seen.kvCacheUsage(),
            slo.targetUtilization(),
            "",
            breaches);

    boolean queueing = seen.waitingPerReplica() != null && seen.waitingPerReplica() > 0;
    if (budgetLatency.isPresent() && queueing) {
      BudgetLatency.Pressure p = budgetLatency.get();
      ratio =
          worst(
              ratio,
              p.ratio(),
              "request p95 of " + p.policy() + " (Budget " + p.budget() + ")",
              p.observedMs(),
              p.targetMs(),
              " ms",
              breaches);
    }

    int recommended = current;
    if (!Double.isNaN(ratio) && Math.abs(ratio - 1) > TOLERANCE) {
      recommended = (int) Math.ceil(current * ratio);
      recommended = Math.min(recommended, Math.max(current * 2, current + 1));
    }
    recommended = Math.max(floor, Math.min(ceiling, recommended));

    Duration window =
        Duration.ofSeconds(
            slo.scaleDownStabilizationSeconds() == null
                ? 300
                : slo.scaleDownStabilizationSeconds());
    Deque<Recommendation> past = history.computeIfAbsent(expertKey, k -> new ArrayDeque<>());
    int decided;
    synchronized (past) {
      if (past.isEmpty()) {
        past.addLast(
            new Recommendation(
                now, current)); // no history (new expert, operator restart): hold a window
      }
      past.addLast(new Recommendation(now, recommended));
      while (!past.isEmpty() && past.peekFirst().at().isBefore(now.minus(window))) {
        past.removeFirst();
      }
      int stabilized = past.stream().mapToInt(Recommendation::replicas).max().orElse(recommended);
      decided = recommended >= current ? recommended : Math.min(current, stabilized);
    }
    decided = Math.max(floor, Math.min(ceiling, decided));
    String reason =
        Double.isNaN(ratio)
            ? "no engine metrics yet"
            : String.join(", ", breaches)
                + " over "
                + replicas(current)
                + measuredOver(seen)
                + String.format(Locale.ROOT, "; load ratio %.2f", ratio)
                + (decided > recommended && recommended < current
                    ? "; down to "
                        + recommended
                        + " only after "
                        + window.toSeconds()
                        + " s of low need"
                    : "");
    return new Decision(decided, reason);
  }

  /** Which replicas and engine series the queue and KV-cache numbers came from. */
  private static String measuredOver(Observation seen) {
    if (seen.replicasRead() == null || seen.engines() == null) {
      return "";
    }
    String read = " (metrics of " + replicas(seen.replicasRead());
    return seen.engines() > seen.replicasRead()
        ? read + ", queues summed over " + seen.engines() + " engines)"
        : read + ")";
  }

  private static String replicas(int n) {
    return n + (n == 1 ? " replica" : " replicas");
  }

  public void forget(String expertKey) {
    history.remove(expertKey);
  }

  private static Double ratio(Number target, Double observed) {
    if (target == null || observed == null || target.doubleValue() <= 0) {
      return null;
    }
    return observed / target.doubleValue();
  }

  /**
   * Adds e.g. {@code "TTFT p95 812 ms > 500 ms target"} to {@code why} and returns the larger
   * ratio.
   */
  private static double worst(
      double current,
      Double ratio,
      String name,
      Double observed,
      Number target,
      String unit,
      List<String> why) {
    if (ratio == null) {
      return current;
    }
    String relation = ratio > 1 ? ">" : ratio < 1 ? "<" : "=";
    why.add(
        name
            + " "
            + number(observed)
            + unit
            + " "
            + relation
            + " "
            + number(target.doubleValue())
            + unit
            + " target");
    return Double.isNaN(current) ? ratio : Math.max(current, ratio);
  }

  /** At most two decimals, no trailing zeros: 812, 0.42, 2.5. */
  private static String number(double value) {
    return String.format(Locale.ROOT, "%.2f", value).replaceAll("0$", "").replaceAll("\\.0$", "");
  }
}
