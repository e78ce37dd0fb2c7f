package io.switchboard.simulated.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.simulated.TestDataset;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/**
 * Closed-loop load ramp against the simulated expert (max concurrency 4, ≈ 80 ms per request at the
 * test time scale): up to the limit requests batch and latency stays nearly flat; past it they
 * queue and p95 grows with the number of waves. Ratios, not absolute times, are asserted, so a slow
 * CI machine does not matter much.
 */
@QuarkusTest
class ConcurrencyRampTest {

  @TestHTTPResource("/v1/chat/completions")
  URI chat;

  private final HttpClient client =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private record Percentiles(long p50, long p95) {}

  private Percentiles latencies(int concurrency, int requestsPerClient) throws Exception {
    Histogram histogram = new Histogram(3);
    String body = CompletionApiTest.chatBody(TestDataset.STORY, false, "");
    ExecutorService pool = Executors.newFixedThreadPool(concurrency);
    try {
      List<Future<List<Long>>> clients = new ArrayList<>();
      for (int c = 0; c < concurrency; c++) {
        clients.add(
            pool.submit(
                () -> {
                  List<Long> latencies = new ArrayList<>();
                  for (int i = 0; i < requestsPerClient; i++) {
                    HttpRequest request =
                        HttpRequest.newBuilder(chat)
                            .timeout(Duration.ofSeconds(30))
                            .header("content-type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body))
                            .build();
                    long start = System.nanoTime();
                    HttpResponse<String> response =
                        client.send(request, HttpResponse.BodyHandlers.ofString());
                    latencies.add((System.nanoTime() - start) / 1_000_000);
                    assertThat(response.statusCode()).isEqualTo(200);
                  }
                  return latencies;
                }));
      }
      for (Future<List<Long>> future : clients) {
        future.get().forEach(histogram::recordValue);
      }
    } finally {
      pool.shutdownNow();
    }
    return new Percentiles(histogram.getValueAtPercentile(50), histogram.getValueAtPercentile(95));
  }

  /**
   * Total seconds requests spent waiting for a batch slot, from the simulated expert's vLLM
   * metrics.
   */
  private static double queueSeconds() {
    String text = io.restassured.RestAssured.get("/metrics").asString();
    return PrometheusTextParser.parse(text)
        .get("vllm:request_queue_time_seconds")
        .samples()
        .stream()
        .filter(s -> s.name().endsWith("_sum"))
        .findFirst()
        .orElseThrow()
        .value();
  }

  @Test
  void p95RisesPastMaxConcurrency() throws Exception {
    latencies(2, 2); // warm up the HTTP stack and JIT
    double queuedBefore = queueSeconds();
    Percentiles one = latencies(1, 8);
    Percentiles atLimit = latencies(4, 8);
    double queuedUpToLimit = queueSeconds() - queuedBefore;
    Percentiles overloaded = latencies(16, 3);
    double queuedOverloaded = queueSeconds() - queuedBefore - queuedUpToLimit;
    System.out.printf(
        "ramp (max concurrency 4) p50/p95: 1 client %d/%d ms, 4 clients %d/%d ms, 16 clients %d/%d ms;"
            + " queue time %.3f s up to the limit, %.3f s overloaded%n",
        one.p50(),
        one.p95(),
        atLimit.p50(),
        atLimit.p95(),
        overloaded.p50(),
        overloaded.p95(),
        queuedUpToLimit,
        queuedOverloaded);
    // Up to the limit requests share a batch: no queueing, nearly flat latency (median: robust to
    // CPU noise).
    assertThat(queuedUpToLimit).isZero();
    assertThat((double) atLimit.p50() / one.p50()).isLessThan(1.6);
    // Past it they wait for slots: 16 clients on 4 slots are 4 waves.
    assertThat(queuedOverloaded).isGreaterThan(0);
    assertThat((double) overloaded.p95() / atLimit.p95()).isGreaterThan(2.0);
  }
}
