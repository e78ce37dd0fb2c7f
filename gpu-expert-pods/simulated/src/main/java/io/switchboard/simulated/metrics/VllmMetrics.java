package io.switchboard.simulated.metrics;

import io.switchboard.simulated.engine.EngineLoad;
import io.switchboard.simulated.engine.EngineObserver;
import java.util.Locale;
import java.util.concurrent.atomic.LongAdder;

/**
 * The subset of vLLM's Prometheus metrics that autoscalers and routers read, exactly as vLLM 0.12
 * exports them ({@code vllm/v1/metrics/loggers.py}, {@code PrometheusStatLogger}): the names,
 * types, HELP texts, bucket bounds and the {@code model_name} and {@code engine} labels (one
 * engine, index 0: a data-parallel vLLM adds one series per engine, which readers must aggregate).
 * Names vLLM 0.12 no longer exports by default are not served: {@code vllm:gpu_cache_usage_perc}
 * (renamed {@code kv_cache_usage_perc} in 0.9) and {@code vllm:time_per_output_token_seconds}
 * (renamed {@code inter_token_latency_seconds} in 0.11, hidden in 0.12), so a reader of the old
 * names fails here as it would against vLLM. Written by hand rather than through Micrometer so the
 * names keep vLLM's {@code vllm:} prefix and the histograms keep vLLM's buckets exactly; Quarkus's
 * own Micrometer metrics stay on {@code /q/metrics}.
 *
 * <p>Latencies are wall-clock seconds as clients see them, i.e. after the time scale.
 */
public final class VllmMetrics implements EngineObserver {

  /** Bucket bounds of vLLM 0.12's {@code vllm:time_to_first_token_seconds}. */
  static final double[] TTFT_BUCKETS = {
    0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0,
    20.0, 40.0, 80.0, 160.0, 640.0, 2560.0
  };

  /**
   * Bucket bounds of vLLM 0.12's {@code vllm:inter_token_latency_seconds} (and of {@code
   * request_time_per_output_token_seconds}).
   */
  static final double[] ITL_BUCKETS = {
    0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0, 20.0,
    40.0, 80.0
  };

  /** Bucket bounds of vLLM 0.12's request latency histograms (e2e, queue). */
  static final double[] REQUEST_LATENCY_BUCKETS = {
    0.3, 0.5, 0.8, 1.0, 1.5, 2.0, 2.5, 5.0, 10.0, 15.0, 20.0, 30.0, 40.0, 50.0, 60.0, 120.0, 240.0,
    480.0, 960.0, 1920.0, 7680.0
  };

  private final String modelName;
  private final Histogram ttft = new Histogram(TTFT_BUCKETS);
  private final Histogram itl = new Histogram(ITL_BUCKETS);
  private final Histogram e2e = new Histogram(REQUEST_LATENCY_BUCKETS);
  private final Histogram queueTime = new Histogram(REQUEST_LATENCY_BUCKETS);
  private final LongAdder promptTokens = new LongAdder();
  private final LongAdder generationTokens = new LongAdder();

  public VllmMetrics(String modelName) {
    this.modelName = modelName;
  }

  @Override
  public void admitted(int tokens, double queuedSeconds) {
    promptTokens.add(tokens);
    queueTime.observe(queuedSeconds, 1);
  }

  @Override
  public void firstToken(double seconds) {
    ttft.observe(seconds, 1);
    generationTokens.increment();
  }

  @Override
  public void decoded(int count, double secondsPerToken) {
    itl.observe(secondsPerToken, count);
    generationTokens.add(count);
  }

  @Override
  public void finished(int generated, double endToEndSeconds) {
    e2e.observe(endToEndSeconds, 1);
  }

  /** The exposition, content type {@code text/plain; version=0.0.4; charset=utf-8}. */
  public String scrape(EngineLoad load) {
    StringBuilder out = new StringBuilder(4096);
    String labels = "engine=\"0\",model_name=\"" + escape(modelName) + "\"";
    gauge(
        out,
        "vllm:num_requests_running",
        "Number of requests in model execution batches.",
        labels,
        load.running());
    gauge(
        out,
        "vllm:num_requests_waiting",
        "Number of requests waiting to be processed.",
        labels,
        load.waiting());
    gauge(
        out,
        "vllm:kv_cache_usage_perc",
        "KV-cache usage. 1 means 100 percent usage.",
        labels,
        load.kvCacheUsage());
    counter(
        out,
        "vllm:prompt_tokens_total",
        "Number of prefill tokens processed.",
        labels,
        promptTokens.sum());
    counter(
        out,
        "vllm:generation_tokens_total",
        "Number of generation tokens processed.",
        labels,
        generationTokens.sum());
    histogram(
        out,
        "vllm:time_to_first_token_seconds",
        "Histogram of time to first token in seconds.",
        labels,
        ttft);
    histogram(
        out,
        "vllm:inter_token_latency_seconds",
        "Histogram of inter-token latency in seconds.",
        labels,
        itl);
    histogram(
        out,
        "vllm:e2e_request_latency_seconds",
        "Histogram of e2e request latency in seconds.",
        labels,
        e2e);
    histogram(
        out,
        "vllm:request_queue_time_seconds",
        "Histogram of time spent in WAITING phase for request.",
        labels,
        queueTime);
    return out.toString();
  }

  private static void header(StringBuilder out, String name, String help, String type) {
    out.append("# HELP ").append(name).append(' ').append(help).append('\n');
    out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
  }

  private static void gauge(
      StringBuilder out, String name, String help, String labels, double value) {
    header(out, name, help, "gauge");
    sample(out, name, labels, value);
  }

  private static void counter(
      StringBuilder out, String name, String help, String labels, double value) {
    header(out, name, help, "counter");
    sample(out, name, labels, value);
  }

  private static void histogram(
      StringBuilder out, String name, String help, String labels, Histogram histogram) {
    header(out, name, help, "histogram");
    double[] bounds = histogram.upperBounds();
    long[] cumulative = histogram.cumulativeCounts();
    for (int i = 0; i < bounds.length; i++) {
      sample(out, name + "_bucket", labels + ",le=\"" + number(bounds[i]) + "\"", cumulative[i]);
    }
    sample(out, name + "_bucket", labels + ",le=\"+Inf\"", cumulative[bounds.length]);
    sample(out, name + "_sum", labels, histogram.sum());
    sample(out, name + "_count", labels, cumulative[bounds.length]);
  }

  private static void sample(StringBuilder out, String name, String labels, double value) {
    out.append(name).append('{').append(labels).append("} ").append(number(value)).append('\n');
  }

  private static String number(double value) {
    if (value == Math.rint(value) && Math.abs(value) < 1e15) {
      return String.format(Locale.ROOT, "%.1f", value);
    }
    return Double.toString(value);
  }

  private static String escape(String value) {
    return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }
}
