package io.switchboard.simulated.metrics;

import io.switchboard.simulated.engine.EngineLoad;
import io.switchboard.simulated.engine.EngineObserver;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.function.IntToDoubleFunction;

/**
 * The subset of vLLM's Prometheus metrics that autoscalers and routers read, exactly as vLLM 0.12
 * exports them ({@code vllm/v1/metrics/loggers.py}, {@code PrometheusStatLogger}): the names,
 * types, HELP texts, bucket bounds and the {@code model_name} and {@code engine} labels. One
 * instance is one engine core: with {@code --data-parallel-size N} vLLM's {@code
 * PrometheusStatLogger} labels every series with the engine index {@code engine="0".."N-1"}, each
 * counting only its own requests and reporting its own scheduler's queue and KV cache, so readers
 * must sum (queues, histograms) or average (KV use) across engines; {@link #scrape(List, List)}
 * writes them that way, one metric family with a series per engine. Names vLLM 0.12 no longer
 * exports by default are not served: {@code vllm:gpu_cache_usage_perc} (renamed {@code
 * kv_cache_usage_perc} in 0.9) and {@code vllm:time_per_output_token_seconds} (renamed {@code
 * inter_token_latency_seconds} in 0.11, hidden in 0.12), so a reader of the old names fails here as
 * it would against vLLM. Written by hand rather than through Micrometer so the names keep vLLM's
 * {@code vllm:} prefix and the histograms keep vLLM's buckets exactly; Quarkus's own Micrometer
 * metrics stay on {@code /q/metrics}.
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
  private final int engineIndex;
  private final Histogram ttft = new Histogram(TTFT_BUCKETS);
  private final Histogram itl = new Histogram(ITL_BUCKETS);
  private final Histogram e2e = new Histogram(REQUEST_LATENCY_BUCKETS);
  private final Histogram queueTime = new Histogram(REQUEST_LATENCY_BUCKETS);
  private final LongAdder promptTokens = new LongAdder();
  private final LongAdder generationTokens = new LongAdder();

  public VllmMetrics(String modelName) {
    this(modelName, 0);
  }

  /**
   * @param engineIndex the data-parallel rank, the value of the {@code engine} label
   */
  public VllmMetrics(String modelName, int engineIndex) {
    this.modelName = modelName;
    this.engineIndex = engineIndex;
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

  /**
   * The exposition of one engine, content type {@code text/plain; version=0.0.4; charset=utf-8}.
   */
  public String scrape(EngineLoad load) {
    return scrape(List.of(this), List.of(load));
  }

  /**
   * The exposition of a replica's engines, {@code engines.get(i)} with {@code loads.get(i)}: each
   * metric family once, with one series per engine.
   */
  public static String scrape(List<VllmMetrics> engines, List<EngineLoad> loads) {
    StringBuilder out = new StringBuilder(4096 * engines.size());
    gauges(
        out,
        "vllm:num_requests_running",
        "Number of requests in model execution batches.",
        engines,
        i -> loads.get(i).running());
    gauges(
        out,
        "vllm:num_requests_waiting",
        "Number of requests waiting to be processed.",
        engines,
        i -> loads.get(i).waiting());
    gauges(
        out,
        "vllm:kv_cache_usage_perc",
        "KV-cache usage. 1 means 100 percent usage.",
        engines,
        i -> loads.get(i).kvCacheUsage());
    counters(
        out,
        "vllm:prompt_tokens_total",
        "Number of prefill tokens processed.",
        engines,
        i -> engines.get(i).promptTokens.sum());
    counters(
        out,
        "vllm:generation_tokens_total",
        "Number of generation tokens processed.",
        engines,
        i -> engines.get(i).generationTokens.sum());
    histograms(
        out,
        "vllm:time_to_first_token_seconds",
        "Histogram of time to first token in seconds.",
        engines,
        m -> m.ttft);
    histograms(
        out,
        "vllm:inter_token_latency_seconds",
        "Histogram of inter-token latency in seconds.",
        engines,
        m -> m.itl);
    histograms(
        out,
        "vllm:e2e_request_latency_seconds",
        "Histogram of e2e request latency in seconds.",
        engines,
        m -> m.e2e);
    histograms(
        out,
        "vllm:request_queue_time_seconds",
        "Histogram of time spent in WAITING phase for request.",
        engines,
        m -> m.queueTime);
    return out.toString();
  }

  private String labels() {
    return "engine=\"" + engineIndex + "\",model_name=\"" + escape(modelName) + "\"";
  }

  private static void header(StringBuilder out, String name, String help, String type) {
    out.append("# HELP ").append(name).append(' ').append(help).append('\n');
    out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
  }

  private static void gauges(
      StringBuilder out,
      String name,
      String help,
      List<VllmMetrics> engines,
      IntToDoubleFunction value) {
    header(out, name, help, "gauge");
    for (int i = 0; i < engines.size(); i++) {
      sample(out, name, engines.get(i).labels(), value.applyAsDouble(i));
    }
  }

  private static void counters(
      StringBuilder out,
      String name,
      String help,
      List<VllmMetrics> engines,
      IntToDoubleFunction value) {
    header(out, name, help, "counter");
    for (int i = 0; i < engines.size(); i++) {
      sample(out, name, engines.get(i).labels(), value.applyAsDouble(i));
    }
  }

  private static void histograms(
      StringBuilder out,
      String name,
      String help,
      List<VllmMetrics> engines,
      Function<VllmMetrics, Histogram> of) {
    header(out, name, help, "histogram");
    for (VllmMetrics engine : engines) {
      Histogram histogram = of.apply(engine);
      String labels = engine.labels();
      double[] bounds = histogram.upperBounds();
      long[] cumulative = histogram.cumulativeCounts();
      for (int i = 0; i < bounds.length; i++) {
        sample(out, name + "_bucket", labels + ",le=\"" + number(bounds[i]) + "\"", cumulative[i]);
      }
      sample(out, name + "_bucket", labels + ",le=\"+Inf\"", cumulative[bounds.length]);
      sample(out, name + "_sum", labels, histogram.sum());
      sample(out, name + "_count", labels, cumulative[bounds.length]);
    }
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
