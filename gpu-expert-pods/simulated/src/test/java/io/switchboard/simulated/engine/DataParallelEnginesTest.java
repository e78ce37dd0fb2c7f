package io.switchboard.simulated.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.simulated.latency.GpuProfile;
import io.switchboard.simulated.latency.LatencyModel;
import io.switchboard.simulated.latency.ModelProfile;
import io.switchboard.simulated.metrics.VllmMetrics;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DataParallelEnginesTest {

  private static final LatencyModel LLAMA_8B_H100 =
      new LatencyModel(new ModelProfile(8, 8), GpuProfile.named("H100"), 1);

  private final VirtualTimers timers = new VirtualTimers();
  private final List<VllmMetrics> metrics = new ArrayList<>();

  private DataParallelEngines engines(int size, int maxConcurrency) {
    List<BatchingEngine> cores = new ArrayList<>();
    for (int rank = 0; rank < size; rank++) {
      VllmMetrics m = new VllmMetrics("llama", rank);
      metrics.add(m);
      cores.add(
          new BatchingEngine(LLAMA_8B_H100, maxConcurrency, 1.0, 10_000_000L, 100_000, timers, m));
    }
    return new DataParallelEngines(cores);
  }

  /**
   * As vLLM's front end, each request goes to the engine with the lowest waiting × 4 + running: 7
   * requests on 2 engines of 1 sequence each run 1 + 1 and queue 3 + 2.
   */
  @Test
  void requestsGoToTheLeastLoadedEngineAndQueuePerEngine() {
    DataParallelEngines engines = engines(2, 1);
    for (int i = 0; i < 7; i++) {
      engines.submit(200, 100, 0, (from, count, last) -> {});
    }
    List<EngineLoad> loads = engines.loads();
    assertThat(loads).extracting(EngineLoad::running).containsExactly(1, 1);
    assertThat(loads.stream().mapToInt(EngineLoad::waiting).sum()).isEqualTo(5);
    assertThat(loads).extracting(EngineLoad::waiting).containsAnyOf(2, 3);
  }

  /** One metric family per name, one series per engine, each engine counting its own requests. */
  @Test
  void theExpositionHasOneSeriesPerEngine() {
    DataParallelEngines engines = engines(3, 1);
    for (int i = 0; i < 4; i++) {
      engines.submit(200, 10, 0, (from, count, last) -> {});
    }
    String text = VllmMetrics.scrape(metrics, engines.loads());
    assertThat(text.split("# TYPE vllm:num_requests_waiting gauge", -1)).hasSize(2);
    assertThat(text)
        .contains("vllm:num_requests_waiting{engine=\"0\",model_name=\"llama\"}")
        .contains("vllm:num_requests_waiting{engine=\"1\",model_name=\"llama\"}")
        .contains("vllm:num_requests_waiting{engine=\"2\",model_name=\"llama\"}");
    timers.runUntilIdle();
    String done = VllmMetrics.scrape(metrics, engines.loads());
    long total = 0;
    for (int rank = 0; rank < 3; rank++) {
      String prefix =
          "vllm:e2e_request_latency_seconds_count{engine=\"" + rank + "\",model_name=\"llama\"} ";
      String line = done.lines().filter(l -> l.startsWith(prefix)).findFirst().orElseThrow();
      long count = (long) Double.parseDouble(line.substring(prefix.length()));
      assertThat(count).isBetween(1L, 2L);
      total += count;
    }
    assertThat(total).isEqualTo(4);
  }
}
