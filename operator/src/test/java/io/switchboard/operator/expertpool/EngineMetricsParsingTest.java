package io.switchboard.operator.expertpool;

import static org.assertj.core.api.Assertions.assertThat;

import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class EngineMetricsParsingTest {

  /** vLLM 0.12 with data parallelism 2: every series carries its engine index. */
  private static final String TWO_ENGINES =
      """
      vllm:num_requests_waiting{engine="0",model_name="m"} 3.0
      vllm:num_requests_waiting{engine="1",model_name="m"} 5.0
      vllm:kv_cache_usage_perc{engine="0",model_name="m"} 0.2
      vllm:kv_cache_usage_perc{engine="1",model_name="m"} 0.6
      vllm:inter_token_latency_seconds_bucket{engine="0",le="0.05",model_name="m"} 10.0
      vllm:inter_token_latency_seconds_bucket{engine="0",le="+Inf",model_name="m"} 10.0
      vllm:inter_token_latency_seconds_bucket{engine="1",le="0.05",model_name="m"} 0.0
      vllm:inter_token_latency_seconds_bucket{engine="1",le="+Inf",model_name="m"} 30.0
      """;

  @Test
  void everyEngineOfADataParallelReplicaCounts() {
    var totals = EngineMetrics.Totals.empty().plus(TWO_ENGINES);

    assertThat(totals.waiting()).isEqualTo(8.0); // both engines' queues, not the first one's
    assertThat(totals.kvCacheSum() / totals.kvCacheReplicas()).isCloseTo(0.4, within());
    assertThat(totals.tpot().get(Double.POSITIVE_INFINITY)).isEqualTo(40.0);
    assertThat(totals.tpot().get(0.05)).isEqualTo(10.0);
  }

  @Test
  void theCurrentNameWinsAndTheOldOneIsReadOnlyWhenItIsAbsent() {
    // vLLM 0.11 exports both inter-token names with the same counts: they must not add up.
    String both =
        """
        vllm:inter_token_latency_seconds_bucket{engine="0",le="+Inf",model_name="m"} 7.0
        vllm:time_per_output_token_seconds_bucket{engine="0",le="+Inf",model_name="m"} 7.0
        vllm:kv_cache_usage_perc{engine="0",model_name="m"} 0.5
        vllm:gpu_cache_usage_perc{engine="0",model_name="m"} 0.5
        """;
    var current = EngineMetrics.Totals.empty().plus(both);
    assertThat(current.tpot().get(Double.POSITIVE_INFINITY)).isEqualTo(7.0);
    assertThat(current.kvCacheReplicas()).isEqualTo(1);
    assertThat(current.kvCacheSum()).isEqualTo(0.5);

    String old =
        """
        vllm:time_per_output_token_seconds_bucket{le="+Inf",model_name="m"} 4.0
        vllm:gpu_cache_usage_perc{model_name="m"} 0.9
        """;
    var older = EngineMetrics.Totals.empty().plus(old);
    assertThat(older.tpot().get(Double.POSITIVE_INFINITY)).isEqualTo(4.0);
    assertThat(older.kvCacheSum()).isEqualTo(0.9);
  }

  private static Offset<Double> within() {
    return Offset.offset(1e-9);
  }
}
