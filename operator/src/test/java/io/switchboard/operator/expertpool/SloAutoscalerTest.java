package io.switchboard.operator.expertpool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.switchboard.api.v1alpha1.expertpool.AutoscalingSpec;
import io.switchboard.operator.expertpool.SloAutoscaler.Observation;
import java.time.Instant;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class SloAutoscalerTest {
  private static final AutoscalingSpec TTFT_400 =
      new AutoscalingSpec(true, 400, null, 8, null, 300, false);
  private static final Instant T0 = Instant.parse("2026-11-25T12:00:00Z");

  private final SloAutoscaler autoscaler = new SloAutoscaler();

  private static Observation ttft(double ms) {
    return new Observation(ms, null, 0.0, null);
  }

  @Test
  void scalesUpByTheWorstRatioButAtMostDoublingPerStep() {
    // 1000 ms against 400: ratio 2.5 -> ceil(2 * 2.5) = 5, capped at 2 * 2 = 4.
    var decision = autoscaler.decide("e", TTFT_400, 2, 1, 10, ttft(1000), T0);
    assertThat(decision.replicas()).isEqualTo(4);
    assertThat(decision.reason())
        .startsWith(
            "TTFT p95 1000 ms > 400 ms target, waiting per replica 0 < 8 target over 2 replicas; load ratio 2.50");
    // Queue depth is the worse ratio here: 12 waiting per replica against 8 -> ceil(2 * 1.5) = 3.
    assertThat(
            autoscaler
                .decide("q", TTFT_400, 2, 1, 10, new Observation(300.0, null, 12.0, null), T0)
                .replicas())
        .isEqualTo(3);
  }

  @Test
  void staysWithinTheToleranceAndTheReplicaRange() {
    assertThat(autoscaler.decide("a", TTFT_400, 3, 1, 10, ttft(430), T0).replicas())
        .isEqualTo(3); // ratio 1.075
    assertThat(autoscaler.decide("b", TTFT_400, 3, 1, 4, ttft(4000), T0).replicas()).isEqualTo(4);
    assertThat(autoscaler.decide("c", TTFT_400, 3, 0, 4, ttft(0), T0).replicas())
        .isEqualTo(3); // not before the window
    assertThat(
            autoscaler
                .decide("d", TTFT_400, 3, 1, 4, new Observation(null, null, null, null), T0)
                .replicas())
        .isEqualTo(3);
  }

  @Test
  void scalesDownOnlyAfterTheNeedStayedLowForTheStabilizationWindow() {
    var busy = autoscaler.decide("e", TTFT_400, 2, 1, 10, ttft(1000), T0);
    assertThat(busy.replicas()).isEqualTo(4);
    // Idle right after: the recommendation is 1, but 4 was recommended within the last 300 s.
    assertThat(autoscaler.decide("e", TTFT_400, 4, 1, 10, ttft(0), T0.plusSeconds(60)).replicas())
        .isEqualTo(4);
    assertThat(autoscaler.decide("e", TTFT_400, 4, 1, 10, ttft(0), T0.plusSeconds(200)).replicas())
        .isEqualTo(4);
    // Once the busy recommendation is older than the window, the largest recent one (1) wins.
    var calm = autoscaler.decide("e", TTFT_400, 4, 1, 10, ttft(0), T0.plusSeconds(301));
    assertThat(calm.replicas()).isEqualTo(1);
    // Never below one replica while autoscaling, even with min 0: the engines' metrics are the only
    // signal.
    assertThat(autoscaler.decide("z", TTFT_400, 1, 0, 10, ttft(0), T0).replicas()).isEqualTo(1);
  }

  @Test
  void p95InterpolatesInsideTheBucketLikeHistogramQuantile() {
    TreeMap<Double, Double> buckets = new TreeMap<>();
    buckets.put(0.1, 50.0);
    buckets.put(0.5, 90.0);
    buckets.put(1.0, 100.0);
    buckets.put(Double.POSITIVE_INFINITY, 100.0);
    // rank 95 lies in (0.5, 1.0] holding 10 requests, 5 of them below it: 0.5 + 0.5 * 0.5 = 0.75 s.
    assertThat(EngineMetrics.p95Ms(buckets)).isCloseTo(750.0, within(1e-9));
    TreeMap<Double, Double> idle = new TreeMap<>();
    idle.put(0.1, 0.0);
    idle.put(Double.POSITIVE_INFINITY, 0.0);
    assertThat(EngineMetrics.p95Ms(idle)).isZero();
  }

  @Test
  void theWindowIsTheChangeSinceThePreviousReadAndARestartStartsItAgain() {
    String first = vllm(100, 100, 3, 0.4);
    String second = vllm(100, 300, 5, 0.6); // 200 more requests, all slower than 1 s
    var before = EngineMetrics.Totals.empty().plus(first);
    var now = EngineMetrics.Totals.empty().plus(second);

    var seen = EngineMetrics.observation(before, now);

    assertThat(seen.ttftP95Ms()).isGreaterThan(1000);
    assertThat(seen.waitingPerReplica()).isEqualTo(5.0);
    assertThat(seen.kvCacheUsage()).isEqualTo(0.6);
    assertThat(EngineMetrics.observation(null, now).ttftP95Ms())
        .isNull(); // first read: no window yet
  }

  /** vLLM's exposition: {@code fast} requests under 0.5 s, {@code total} in all, gauges. */
  static String vllm(int fast, int total, double waiting, double kvCache) {
    return """
        vllm:num_requests_waiting{model_name="m"} %s
        vllm:gpu_cache_usage_perc{model_name="m"} %s
        vllm:kv_cache_usage_perc{model_name="m"} %s
        vllm:time_to_first_token_seconds_bucket{le="0.5",model_name="m"} %d
        vllm:time_to_first_token_seconds_bucket{le="1.0",model_name="m"} %d
        vllm:time_to_first_token_seconds_bucket{le="2.5",model_name="m"} %d
        vllm:time_to_first_token_seconds_bucket{le="+Inf",model_name="m"} %d
        """
        .formatted(waiting, kvCache, kvCache, fast, fast, total, total);
  }

  @Test
  void aBudgetLatencyTargetScalesUpOnlyWhileRequestsWait() {
    var slow = Optional.of(new BudgetLatency.Pressure("chat", "team", 500, 1500));
    // TTFT is within its target, but the policy's p95 is 3x the Budget's and 2 requests wait per
    // replica: ceil(2 * 3) = 6, capped at doubling.
    var queueing = new Observation(300.0, null, 2.0, null);
    var decision = autoscaler.decide("w", TTFT_400, 2, 1, 10, queueing, slow, T0);
    assertThat(decision.replicas()).isEqualTo(4);
    assertThat(decision.reason())
        .contains("request p95 of chat (Budget team) 1500 ms > 500 ms target");
    // Nothing waits: the latency is the generations', more replicas would not shorten it.
    var idle = new Observation(300.0, null, 0.0, null);
    var held = autoscaler.decide("i", TTFT_400, 2, 1, 10, idle, slow, T0);
    assertThat(held.replicas()).isEqualTo(2);
    assertThat(held.reason()).doesNotContain("Budget");
  }

  /** The reason names the replicas and engine series the numbers were measured over. */
  @Test
  void theReasonSaysWhatTheQueueWasSummedOver() {
    var dataParallel = new Observation(null, null, 12.0, 0.5, 1, 3);
    var decision = autoscaler.decide("dp", TTFT_400, 1, 1, 10, dataParallel, T0);
    assertThat(decision.replicas()).isEqualTo(2);
    assertThat(decision.reason())
        .isEqualTo(
            "waiting per replica 12 > 8 target over 1 replica (metrics of 1 replica, queues"
                + " summed over 3 engines); load ratio 1.50");
  }
}
