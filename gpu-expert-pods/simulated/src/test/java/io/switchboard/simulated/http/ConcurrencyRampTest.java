package io.switchboard.simulated.http;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.simulated.TestDataset;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Closed-loop load ramp against the simulated expert (max concurrency 4, ≈ 80 ms per request at the test time
 * scale): up to the limit requests batch and latency stays nearly flat; past it they queue and p95 grows with the
 * number of waves. Ratios, not absolute times, are asserted, so a slow CI machine does not matter much.
 */
@QuarkusTest
class ConcurrencyRampTest {

    @TestHTTPResource("/v1/chat/completions")
    URI chat;

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private long p95Millis(int concurrency, int requestsPerClient) throws Exception {
        Histogram histogram = new Histogram(3);
        String body = CompletionApiTest.chatBody(TestDataset.STORY, false, "");
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        try {
            List<Future<List<Long>>> clients = new ArrayList<>();
            for (int c = 0; c < concurrency; c++) {
                clients.add(pool.submit(() -> {
                    List<Long> latencies = new ArrayList<>();
                    for (int i = 0; i < requestsPerClient; i++) {
                        HttpRequest request = HttpRequest.newBuilder(chat).timeout(Duration.ofSeconds(30))
                                .header("content-type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
                        long start = System.nanoTime();
                        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
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
        return histogram.getValueAtPercentile(95);
    }

    @Test
    void p95RisesPastMaxConcurrency() throws Exception {
        p95Millis(2, 2); // warm up the HTTP stack and JIT
        long one = p95Millis(1, 6);
        long atLimit = p95Millis(4, 4);
        long overloaded = p95Millis(16, 2);
        System.out.printf("ramp p95: 1 client %d ms, 4 clients %d ms, 16 clients %d ms (max concurrency 4)%n",
                one, atLimit, overloaded);
        assertThat((double) atLimit / one).isLessThan(1.6);
        assertThat((double) overloaded / atLimit).isGreaterThan(2.0);
    }
}
