package io.switchboard.simulated.engine;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The engines of one replica under data parallelism: vLLM with {@code --data-parallel-size N} runs
 * N engine cores, each with its own scheduler, batch ({@code --max-num-seqs} sequences) and KV
 * cache, behind one API server. Its front end ({@code DPLBAsyncMPClient} in {@code
 * vllm/v1/engine/core_client.py}, vLLM 0.12) sends each request to the engine with the lowest
 * {@code waiting * 4 + running}, scanning from a rotating start so that idle engines share
 * arrivals. A request stays on its engine; nothing migrates. One engine is the plain case.
 */
public final class DataParallelEngines {

  private final List<BatchingEngine> engines;
  private final AtomicInteger start = new AtomicInteger();

  public DataParallelEngines(List<BatchingEngine> engines) {
    if (engines.isEmpty()) {
      throw new IllegalArgumentException("at least one engine");
    }
    this.engines = List.copyOf(engines);
  }

  public int size() {
    return engines.size();
  }

  /** The engine of data-parallel rank {@code index}. */
  public BatchingEngine engine(int index) {
    return engines.get(index);
  }

  /** Queues a generation on the least loaded engine (see {@link BatchingEngine#submit}). */
  public BatchingEngine.Generation submit(
      int promptTokens, int outputTokens, long extraPrefillNanos, GenerationListener listener) {
    return engines
        .get(leastLoaded())
        .submit(promptTokens, outputTokens, extraPrefillNanos, listener);
  }

  /** vLLM's choice: lowest {@code waiting * 4 + running}, the first from a rotating start. */
  synchronized int leastLoaded() {
    int n = engines.size();
    int from = Math.floorMod(start.getAndIncrement(), n);
    int best = from;
    long bestScore = Long.MAX_VALUE;
    for (int i = 0; i < n; i++) {
      int index = (from + i) % n;
      EngineLoad load = engines.get(index).load();
      long score = load.waiting() * 4L + load.running();
      if (score < bestScore) {
        bestScore = score;
        best = index;
      }
    }
    return best;
  }

  /** Each engine's load, by rank. */
  public List<EngineLoad> loads() {
    return engines.stream().map(BatchingEngine::load).toList();
  }
}
