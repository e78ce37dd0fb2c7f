package io.switchboard.operator.routingpolicy;

import io.switchboard.operator.support.PrometheusText;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The counters of one policy read from routers' Prometheus text ({@code /q/metrics}), summed over
 * router replicas: decisions per expert, requests, cost and the request-duration histogram.
 *
 * @param decisions decisions per expert
 * @param requests finished client requests
 * @param costUsd accumulated cost
 * @param tokens accumulated prompt + completion tokens (upstream-reported and estimated)
 * @param durationBuckets cumulative request-duration bucket counts by upper bound in seconds
 * @param costUsdByTenant accumulated cost per tenant (the {@code tenant} label of the cost counter)
 * @param shadow the shadow evaluation's counters (always cumulative, also in {@link #since})
 */
public record RouterScrape(
    Map<String, Double> decisions,
    double requests,
    double costUsd,
    double tokens,
    TreeMap<Double, Double> durationBuckets,
    Map<String, Double> costUsdByTenant,
    ShadowCounters shadow) {

  public static RouterScrape empty() {
    return new RouterScrape(
        new HashMap<>(), 0, 0, 0, new TreeMap<>(), new TreeMap<>(), ShadowCounters.EMPTY);
  }

  /** Adds the samples of {@code policy} in one router's exposition to these totals. */
  public RouterScrape plus(String exposition, String policy) {
    Map<String, Double> decisions = new HashMap<>(this.decisions);
    double requests = this.requests;
    double cost = this.costUsd;
    double tokens = this.tokens;
    TreeMap<Double, Double> buckets = new TreeMap<>(this.durationBuckets);
    Map<String, Double> byTenant = new TreeMap<>(this.costUsdByTenant);
    for (PrometheusText.Sample sample : PrometheusText.parse(exposition)) {
      if (!policy.equals(sample.label("policy"))) {
        continue;
      }
      double value = sample.value();
      switch (sample.name()) {
        case "switchboard_router_decisions_total" ->
            decisions.merge(sample.labels().getOrDefault("expert", "none"), value, Double::sum);
        case "switchboard_router_requests_total" -> requests += value;
        case "switchboard_router_cost_usd_total" -> {
          cost += value;
          byTenant.merge(sample.labels().getOrDefault("tenant", "none"), value, Double::sum);
        }
        case "switchboard_router_tokens_total" -> tokens += value;
        case "switchboard_router_request_duration_seconds_bucket" ->
            buckets.merge(sample.upperBound(), value, Double::sum);
        default -> {}
      }
    }
    return new RouterScrape(
        decisions,
        requests,
        cost,
        tokens,
        buckets,
        byTenant,
        shadow.plus(ShadowCounters.parse(exposition, policy)));
  }

  /** These totals plus another replica's. */
  public RouterScrape plus(RouterScrape other) {
    Map<String, Double> decisions = new HashMap<>(this.decisions);
    other.decisions.forEach((expert, v) -> decisions.merge(expert, v, Double::sum));
    TreeMap<Double, Double> buckets = new TreeMap<>(this.durationBuckets);
    other.durationBuckets.forEach((le, v) -> buckets.merge(le, v, Double::sum));
    Map<String, Double> byTenant = new TreeMap<>(this.costUsdByTenant);
    other.costUsdByTenant.forEach((t, v) -> byTenant.merge(t, v, Double::sum));
    return new RouterScrape(
        decisions,
        requests + other.requests,
        costUsd + other.costUsd,
        tokens + other.tokens,
        buckets,
        byTenant,
        shadow.plus(other.shadow));
  }

  /**
   * What happened between {@code earlier} and this sample; a router restart (counter reset) counts
   * from zero.
   */
  public RouterScrape since(RouterScrape earlier) {
    if (requests < earlier.requests) {
      return this;
    }
    Map<String, Double> decisionDelta = new TreeMap<>();
    decisions.forEach(
        (expert, v) -> decisionDelta.put(expert, v - earlier.decisions.getOrDefault(expert, 0.0)));
    TreeMap<Double, Double> bucketDelta = new TreeMap<>();
    durationBuckets.forEach(
        (le, v) -> bucketDelta.put(le, v - earlier.durationBuckets.getOrDefault(le, 0.0)));
    Map<String, Double> tenantDelta = new TreeMap<>();
    costUsdByTenant.forEach(
        (t, v) -> tenantDelta.put(t, v - earlier.costUsdByTenant.getOrDefault(t, 0.0)));
    return new RouterScrape(
        decisionDelta,
        requests - earlier.requests,
        costUsd - earlier.costUsd,
        tokens - earlier.tokens,
        bucketDelta,
        tenantDelta,
        shadow);
  }

  /**
   * The quality grades (client feedback, cascade judge; every expert) given between {@code earlier}
   * and this sample; null when none was, or when a router restarted and its counters reset.
   */
  public ShadowCounters.Grades gradesSince(RouterScrape earlier) {
    ShadowCounters.Grades now = totalGrades();
    ShadowCounters.Grades before = earlier.totalGrades();
    double count = now.count() - before.count();
    if (count <= 0 || requests < earlier.requests) {
      return null;
    }
    return new ShadowCounters.Grades(count, now.sum() - before.sum());
  }

  private ShadowCounters.Grades totalGrades() {
    double count = 0;
    double sum = 0;
    for (ShadowCounters.Grades g : shadow.grades().values()) {
      count += g.count();
      sum += g.sum();
    }
    return new ShadowCounters.Grades(count, sum);
  }

  /**
   * 95th percentile from the cumulative buckets (the bucket's upper bound, as Prometheus'
   * histogram_quantile bounds it).
   */
  public Double p95Seconds() {
    Double total = durationBuckets.get(Double.POSITIVE_INFINITY);
    if (total == null || total <= 0) {
      return null;
    }
    for (var e : durationBuckets.entrySet()) {
      if (e.getValue() >= 0.95 * total) {
        return e.getKey().isInfinite() ? null : e.getKey();
      }
    }
    return null;
  }

  /**
   * The router process's start, epoch seconds ({@code process_start_time_seconds}, exported by
   * Micrometer), or NaN: tells a restarted router (counters back at zero) from one that merely went
   * unread for a while.
   */
  public static double processStartSeconds(String exposition) {
    return PrometheusText.parse(exposition).stream()
        .filter(s -> s.name().equals("process_start_time_seconds"))
        .mapToDouble(PrometheusText.Sample::value)
        .findFirst()
        .orElse(Double.NaN);
  }

  /**
   * Which configuration a router serves and whether it refused a newer one.
   *
   * @param activeSha256 SHA-256 of the config file it serves ({@code
   *     switchboard_router_config_active{sha256}}), null when the router exports none (older build,
   *     or no config loaded yet)
   * @param refused {@code switchboard_router_config_refused} is 1: the newest file was refused
   * @param qualityTarget the absolute quality target a classifier policy's {@code targetQuality}
   *     resolved to in that configuration ({@code switchboard_router_classifier_target_quality}; a
   *     reference fraction already applied to the model's training quality), null without one
   */
  public record ConfigState(String activeSha256, boolean refused, Double qualityTarget) {
    public ConfigState(String activeSha256, boolean refused) {
      this(activeSha256, refused, null);
    }
  }

  public static ConfigState configState(String exposition) {
    String active = null;
    boolean refused = false;
    Double target = null;
    for (PrometheusText.Sample sample : PrometheusText.parse(exposition)) {
      switch (sample.name()) {
        case "switchboard_router_config_active" -> {
          if (sample.value() == 1) {
            active = sample.label("sha256");
          }
        }
        case "switchboard_router_config_refused" -> refused = sample.value() == 1;
        case "switchboard_router_classifier_target_quality" -> target = sample.value();
        default -> {}
      }
    }
    return new ConfigState(active, refused, target);
  }
}
