package io.switchboard.operator.routingpolicy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class RouterScrapeTest {

  static String exposition(
      double small, double large, double requests, double cost, double fastBucket) {
    return """
        # HELP switchboard_router_decisions_total
        # TYPE switchboard_router_decisions_total counter
        switchboard_router_decisions_total{expert="small",mode="weighted",policy="chat",reason="weighted"} %s
        switchboard_router_decisions_total{expert="large",mode="weighted",policy="chat",reason="canary"} %s
        switchboard_router_decisions_total{expert="large",mode="weighted",policy="other",reason="weighted"} 999.0
        # TYPE switchboard_router_requests_total counter
        switchboard_router_requests_total{expert="small",policy="chat",status="2xx"} %s
        # TYPE switchboard_router_cost_usd_total counter
        switchboard_router_cost_usd_total{expert="small",policy="chat",tenant="anonymous"} %s
        # TYPE switchboard_router_request_duration_seconds histogram
        switchboard_router_request_duration_seconds_bucket{expert="small",policy="chat",le="0.1"} %s
        switchboard_router_request_duration_seconds_bucket{expert="small",policy="chat",le="1.0"} %s
        switchboard_router_request_duration_seconds_bucket{expert="small",policy="chat",le="+Inf"} %s
        """
        .formatted(small, large, requests, cost, fastBucket, requests, requests);
  }

  @Test
  void windowCountsOnlyThisPolicyAndSubtractsThePreviousRead() {
    RouterScrape first = RouterScrape.empty().plus(exposition(10, 5, 15, 0.015, 15), "chat");
    RouterScrape second = RouterScrape.empty().plus(exposition(90, 10, 100, 0.1, 90), "chat");

    RouterScrape window = second.since(first);

    assertThat(window.decisions()).containsEntry("small", 80.0).containsEntry("large", 5.0);
    assertThat(window.requests()).isEqualTo(85.0);
    assertThat(window.costUsd()).isCloseTo(0.085, within(1e-9));
    // 75 of 85 requests in the window took <= 0.1 s: 88% < 95%, so p95 falls in the 1 s bucket.
    assertThat(window.p95Seconds()).isEqualTo(1.0);
    var summary = RouterMetricsCollector.summary(window, 30, null, null);
    assertThat(summary.qualityEstimate()).as("no grades in the window").isNull();
    assertThat(summary.costPer1kRequestsUsd()).isEqualTo(1.0);
    assertThat(summary.latencyP95Ms()).isEqualTo(1000.0);
    assertThat(summary.decisions()).containsEntry("small", 80L);
  }

  @Test
  void qualityEstimateIsTheMeanOfTheWindowsGradesOverEveryExpert() {
    String grades =
        """
        switchboard_router_quality_grade_count{expert="small",policy="chat",source="feedback"} %s
        switchboard_router_quality_grade_sum{expert="small",policy="chat",source="feedback"} %s
        switchboard_router_quality_grade_count{expert="large",policy="chat",source="judge"} %s
        switchboard_router_quality_grade_sum{expert="large",policy="chat",source="judge"} %s
        switchboard_router_quality_grade_count{expert="large",policy="other",source="judge"} 50
        switchboard_router_quality_grade_sum{expert="large",policy="other",source="judge"} 50
        """;
    RouterScrape first =
        RouterScrape.empty()
            .plus(exposition(10, 5, 15, 0.015, 15) + grades.formatted(4, 2.0, 0, 0), "chat");
    RouterScrape second =
        RouterScrape.empty()
            .plus(exposition(90, 10, 100, 0.1, 90) + grades.formatted(10, 5.0, 4, 4.0), "chat");

    // In the window: small 6 grades summing 3.0, large 4 summing 4.0: 7.0 / 10.
    var summary =
        RouterMetricsCollector.summary(second.since(first), 30, second.gradesSince(first), null);
    assertThat(summary.qualityEstimate()).isEqualTo(0.7);
    assertThat(summary.qualityGrades()).isEqualTo(10L);
    assertThat(second.gradesSince(second)).as("no grade in an empty window").isNull();
  }

  @Test
  void replicasAddUpAndACounterResetStartsAFreshWindow() {
    RouterScrape twoReplicas =
        RouterScrape.empty()
            .plus(exposition(10, 0, 10, 0.01, 10), "chat")
            .plus(exposition(20, 0, 20, 0.02, 20), "chat");
    assertThat(twoReplicas.requests()).isEqualTo(30.0);

    RouterScrape afterRestart = RouterScrape.empty().plus(exposition(3, 0, 3, 0.003, 3), "chat");
    assertThat(afterRestart.since(twoReplicas).requests()).isEqualTo(3.0);
  }

  @Test
  void garbageLinesAreIgnored() {
    RouterScrape parsed =
        RouterScrape.empty()
            .plus(
                "not a metric line\nswitchboard_router_requests_total{policy=\"chat\"} NaNx\n",
                "chat");
    assertThat(parsed.requests()).isZero();
  }
}
