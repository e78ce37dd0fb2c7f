package io.switchboard.simulated.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.simulated.latency.GpuProfile;
import io.switchboard.simulated.latency.LatencyModel;
import io.switchboard.simulated.latency.ModelProfile;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchingEngineTest {

  private static final LatencyModel LLAMA_8B_H100 =
      new LatencyModel(new ModelProfile(8, 8), GpuProfile.named("H100"), 1);

  private final VirtualTimers timers = new VirtualTimers();

  private BatchingEngine engine(int maxConcurrency) {
    return new BatchingEngine(
        LLAMA_8B_H100, maxConcurrency, 1.0, 10_000_000L, 100_000, timers, EngineObserver.NONE);
  }

  /**
   * Submits {@code n} requests at once and returns each one's end-to-end latency in simulated
   * seconds.
   */
  private List<Double> burst(BatchingEngine engine, int n, int outputTokens) {
    List<Double> latencies = new ArrayList<>();
    long start = timers.nowNanos();
    for (int i = 0; i < n; i++) {
      engine.submit(
          200,
          outputTokens,
          0,
          (from, count, last) -> {
            if (last) {
              latencies.add((timers.nowNanos() - start) / 1e9);
            }
          });
    }
    timers.runUntilIdle();
    assertThat(latencies).hasSize(n);
    return latencies;
  }

  @Test
  void singleRequestTakesPrefillPlusDecode() {
    double latency = burst(engine(8), 1, 101).get(0);
    double expected =
        LLAMA_8B_H100.timeToFirstTokenSeconds(200, 1)
            + 100 * LLAMA_8B_H100.timePerOutputTokenSeconds(1);
    assertThat(latency).isCloseTo(expected, org.assertj.core.data.Percentage.withPercentage(2));
  }

  @Test
  void latencyIsNearlyFlatUpToMaxConcurrencyThenQueues() {
    double alone = max(burst(engine(8), 1, 100));
    double full = max(burst(engine(8), 8, 100));
    double overloaded = max(burst(engine(8), 32, 100));
    assertThat(full / alone).isBetween(1.0, 1.15); // batching: 8 together cost little more than 1
    assertThat(overloaded / full).isBetween(3.5, 4.5); // 32 requests = 4 waves of 8
  }

  @Test
  void onlyRequestsBeyondTheLimitReportQueueTime() {
    List<Double> queued = new ArrayList<>();
    EngineObserver observer =
        new EngineObserver() {
          @Override
          public void admitted(int promptTokens, double queuedSeconds) {
            queued.add(queuedSeconds);
          }

          @Override
          public void firstToken(double seconds) {}

          @Override
          public void decoded(int count, double secondsPerToken) {}

          @Override
          public void finished(int generatedTokens, double endToEndSeconds) {}
        };
    BatchingEngine engine =
        new BatchingEngine(LLAMA_8B_H100, 4, 1.0, 10_000_000L, 100_000, timers, observer);
    for (int i = 0; i < 6; i++) {
      engine.submit(100, 50, 0, (from, count, last) -> {});
    }
    timers.runUntilIdle();
    assertThat(queued).hasSize(6);
    assertThat(queued.subList(0, 4)).containsOnly(0.0);
    assertThat(queued.subList(4, 6))
        .allMatch(seconds -> seconds > 0.3); // waited for a 50-token generation
  }

  @Test
  void waitingRequestsAreCountedAndAdmittedInOrder() {
    BatchingEngine engine = engine(2);
    List<Integer> finished = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      int id = i;
      engine.submit(
          10,
          20,
          0,
          (from, count, last) -> {
            if (last) {
              finished.add(id);
            }
          });
    }
    assertThat(engine.load())
        .satisfies(
            load -> {
              assertThat(load.running()).isEqualTo(2);
              assertThat(load.waiting()).isEqualTo(3);
              assertThat(load.kvCacheUsage())
                  .isCloseTo(60 / 100_000.0, org.assertj.core.data.Offset.offset(1e-9));
            });
    timers.runUntilIdle();
    assertThat(finished).containsExactly(0, 1, 2, 3, 4);
    assertThat(engine.load()).isEqualTo(new EngineLoad(0, 0, 0.0));
  }

  @Test
  void cancellingFreesTheSlotForTheNextRequest() {
    BatchingEngine engine = engine(1);
    List<String> events = new ArrayList<>();
    BatchingEngine.Generation first =
        engine.submit(10, 1000, 0, (from, count, last) -> events.add("first " + from));
    engine.submit(
        10,
        5,
        0,
        (from, count, last) -> {
          if (last) {
            events.add("second done");
          }
        });
    assertThat(engine.waiting()).isEqualTo(1);
    timers.runUntil(100_000_000L);
    first.cancel();
    long firstEventsAtCancel = events.stream().filter(e -> e.startsWith("first")).count();
    assertThat(firstEventsAtCancel).isGreaterThan(1);
    assertThat(engine.running()).isEqualTo(1);
    assertThat(engine.waiting()).isZero();
    timers.runUntilIdle();
    assertThat(events).last().isEqualTo("second done");
    assertThat(events.stream().filter(e -> e.startsWith("first")).count())
        .isEqualTo(firstEventsAtCancel);
  }

  @Test
  void tokensArriveInOrderAndCoverTheOutput() {
    BatchingEngine engine =
        new BatchingEngine(LLAMA_8B_H100, 4, 0.01, 1_000_000L, 1000, timers, EngineObserver.NONE);
    List<int[]> chunks = new ArrayList<>();
    engine.submit(
        10, 57, 0, (from, count, last) -> chunks.add(new int[] {from, count, last ? 1 : 0}));
    timers.runUntilIdle();
    int next = 0;
    for (int[] chunk : chunks) {
      assertThat(chunk[0]).isEqualTo(next);
      next += chunk[1];
    }
    assertThat(next).isEqualTo(57);
    assertThat(chunks.get(0)[1]).isEqualTo(1);
    assertThat(chunks.get(chunks.size() - 1)[2]).isEqualTo(1);
    assertThat(chunks.size()).isLessThan(57); // several tokens per timer at a fast time scale
  }

  private static double max(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
  }
}
