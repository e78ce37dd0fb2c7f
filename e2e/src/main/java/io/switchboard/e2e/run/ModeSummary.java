package io.switchboard.e2e.run;

import io.switchboard.dataset.RecordedDataset;
import io.switchboard.dataset.RecordedOutcome;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.HdrHistogram.Histogram;

/**
 * One row of the result table. Quality is the recorded score of the chosen expert's model on the
 * prompt, looked up by the harness (the router never sees it); latencies are client-side and come
 * from the SIMULATED experts.
 *
 * @param name mode or baseline name
 * @param requests prompts sent (or, for baselines, prompts scored)
 * @param errors non-200 replies and failed connections
 * @param meanQuality mean recorded score over successful replies
 * @param usageCostPer1k USD per 1k requests from response usage x the expert's prices (NaN for
 *     baselines)
 * @param recordedCostPer1k USD per 1k requests from the recorded cost of the chosen model on each
 *     prompt
 * @param p50Ms client latency median, ms (NaN for baselines)
 * @param p95Ms client latency p95, ms (NaN for baselines)
 * @param shares expert name to share of successful replies
 * @param fallbacks replies a fallback decided (decision header ends in {@code fallback}: the
 *     policy's fallback experts, or a strategy's own fallback such as {@code llm; llm-fallback})
 * @param escalations replies a cascade escalated past its first stage ({@code stage=N}, N > 0, in
 *     the decision)
 * @param baseline computed from the data, not served
 */
public record ModeSummary(
    String name,
    int requests,
    int errors,
    double meanQuality,
    double usageCostPer1k,
    double recordedCostPer1k,
    double p50Ms,
    double p95Ms,
    Map<String, Double> shares,
    int fallbacks,
    int escalations,
    boolean baseline) {

  private static final java.util.regex.Pattern STAGE =
      java.util.regex.Pattern.compile("stage=(\\d+)");

  /**
   * The most frequent decision reasons (router header {@code x-switchboard-decision}, numbers
   * masked).
   */
  public static String topDecisions(List<Replay.Sample> samples, int limit) {
    Map<String, Long> counts =
        samples.stream()
            .map(s -> s.reply().decision())
            .filter(java.util.Objects::nonNull)
            .map(d -> d.replaceAll("\\d+(\\.\\d+)?", "#"))
            .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    return counts.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .limit(limit)
        .map(e -> e.getValue() + "x \"" + e.getKey() + "\"")
        .collect(Collectors.joining(", "));
  }

  public static ModeSummary of(
      String mode, List<Replay.Sample> samples, RecordedDataset dataset, List<PoolExpert> experts) {
    Map<String, PoolExpert> byName =
        experts.stream().collect(Collectors.toMap(PoolExpert::name, Function.identity()));
    Histogram latency = new Histogram(3_600_000_000L, 3);
    double quality = 0;
    double usageCost = 0;
    double recordedCost = 0;
    int ok = 0;
    int errors = 0;
    int fallbacks = 0;
    int escalations = 0;
    Map<String, Integer> counts = new TreeMap<>();
    for (Replay.Sample sample : samples) {
      RouterClient.Reply reply = sample.reply();
      latency.recordValue(Math.max(1, reply.latencyNanos() / 1000));
      PoolExpert expert = reply.expert() == null ? null : byName.get(reply.expert());
      if (!reply.ok() || expert == null) {
        errors++;
        continue;
      }
      ok++;
      String decision = reply.decision() == null ? "" : reply.decision();
      // Any segment: a served fallback ("; fallback") or a strategy's own ("llm-fallback"), before
      // the flags that may follow it ("; latency-slo", "; q=0.81").
      fallbacks +=
          java.util.Arrays.stream(decision.split("; ")).anyMatch(s -> s.endsWith("fallback"))
              ? 1
              : 0;
      java.util.regex.Matcher stage = STAGE.matcher(decision);
      escalations += stage.find() && Integer.parseInt(stage.group(1)) > 0 ? 1 : 0;
      counts.merge(expert.name(), 1, Integer::sum);
      Optional<RecordedOutcome> outcome =
          dataset.outcome(sample.prompt().promptId(), expert.model());
      quality += outcome.map(RecordedOutcome::score).orElse(0.0);
      recordedCost += outcome.map(RecordedOutcome::costUsd).orElse(0.0);
      usageCost += expert.costUsd(reply.promptTokens(), reply.completionTokens());
    }
    int served = ok;
    Map<String, Double> shares = new TreeMap<>();
    counts.forEach((name, count) -> shares.put(name, count / (double) served));
    return new ModeSummary(
        mode,
        samples.size(),
        errors,
        ok == 0 ? Double.NaN : quality / ok,
        ok == 0 ? Double.NaN : usageCost / ok * 1000,
        ok == 0 ? Double.NaN : recordedCost / ok * 1000,
        latency.getValueAtPercentile(50) / 1000.0,
        latency.getValueAtPercentile(95) / 1000.0,
        shares,
        fallbacks,
        escalations,
        false);
  }
}
