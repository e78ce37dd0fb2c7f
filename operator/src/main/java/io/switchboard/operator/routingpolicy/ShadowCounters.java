package io.switchboard.operator.routingpolicy;

import io.switchboard.operator.support.PrometheusText;
import java.util.HashMap;
import java.util.Map;

/**
 * A policy's shadow-evaluation counters read from routers' Prometheus text, cumulative since each
 * router started and summed over replicas. Keyed by shadow mode, since a router keeps the counters
 * of a shadow mode the policy has since replaced.
 *
 * @param samples served requests the shadow also decided, by (shadow mode, served expert, shadow
 *     expert)
 * @param servedCostUsd cost of those requests as served, by shadow mode
 * @param shadowCostUsd what they cost or would have cost as the shadow decided, by shadow mode
 * @param mirrored samples whose shadow cost a mirrored call measured, by shadow mode
 * @param failures samples the shadow could not decide or mirror, by shadow mode
 * @param grades quality grades (client feedback, cascade judge) by expert
 */
public record ShadowCounters(
    Map<Choice, Double> samples,
    Map<String, Double> servedCostUsd,
    Map<String, Double> shadowCostUsd,
    Map<String, Double> mirrored,
    Map<String, Double> failures,
    Map<String, Grades> grades) {

  public static final ShadowCounters EMPTY =
      new ShadowCounters(Map.of(), Map.of(), Map.of(), Map.of(), Map.of(), Map.of());

  /** One pair of choices on a sampled request. */
  public record Choice(String shadowMode, String served, String shadow) {}

  /** Count and sum of an expert's quality grades in [0,1]. */
  public record Grades(double count, double sum) {
    Grades plus(Grades other) {
      return new Grades(count + other.count, sum + other.sum);
    }

    public double mean() {
      return sum / count;
    }
  }

  public ShadowCounters {
    samples = Map.copyOf(samples);
    servedCostUsd = Map.copyOf(servedCostUsd);
    shadowCostUsd = Map.copyOf(shadowCostUsd);
    mirrored = Map.copyOf(mirrored);
    failures = Map.copyOf(failures);
    grades = Map.copyOf(grades);
  }

  /** The shadow counters of {@code policy} in one router's exposition. */
  public static ShadowCounters parse(String exposition, String policy) {
    Map<Choice, Double> samples = new HashMap<>();
    Map<String, Double> served = new HashMap<>();
    Map<String, Double> shadow = new HashMap<>();
    Map<String, Double> mirrored = new HashMap<>();
    Map<String, Double> failures = new HashMap<>();
    Map<String, Double> gradeCounts = new HashMap<>();
    Map<String, Double> gradeSums = new HashMap<>();
    for (PrometheusText.Sample s : PrometheusText.parse(exposition)) {
      if (!policy.equals(s.label("policy"))) {
        continue;
      }
      String mode = s.labels().getOrDefault("shadow_mode", "");
      switch (s.name()) {
        case "switchboard_router_shadow_samples_total" ->
            samples.merge(
                new Choice(mode, s.label("expert"), s.label("shadow_expert")),
                s.value(),
                Double::sum);
        case "switchboard_router_shadow_cost_usd_total" ->
            ("shadow".equals(s.label("side")) ? shadow : served)
                .merge(mode, s.value(), Double::sum);
        case "switchboard_router_shadow_mirrored_total" ->
            mirrored.merge(mode, s.value(), Double::sum);
        case "switchboard_router_shadow_failures_total" ->
            failures.merge(mode, s.value(), Double::sum);
        case "switchboard_router_quality_grade_count" ->
            gradeCounts.merge(s.label("expert"), s.value(), Double::sum);
        case "switchboard_router_quality_grade_sum" ->
            gradeSums.merge(s.label("expert"), s.value(), Double::sum);
        default -> {}
      }
    }
    Map<String, Grades> grades = new HashMap<>();
    gradeCounts.forEach(
        (expert, count) ->
            grades.put(expert, new Grades(count, gradeSums.getOrDefault(expert, 0.0))));
    return new ShadowCounters(samples, served, shadow, mirrored, failures, grades);
  }

  /** These counters plus another replica's. */
  public ShadowCounters plus(ShadowCounters other) {
    Map<String, Grades> grades = new HashMap<>(this.grades);
    other.grades.forEach((expert, g) -> grades.merge(expert, g, Grades::plus));
    return new ShadowCounters(
        sum(samples, other.samples),
        sum(servedCostUsd, other.servedCostUsd),
        sum(shadowCostUsd, other.shadowCostUsd),
        sum(mirrored, other.mirrored),
        sum(failures, other.failures),
        grades);
  }

  private static <K> Map<K, Double> sum(Map<K, Double> a, Map<K, Double> b) {
    Map<K, Double> out = new HashMap<>(a);
    b.forEach((k, v) -> out.merge(k, v, Double::sum));
    return out;
  }
}
