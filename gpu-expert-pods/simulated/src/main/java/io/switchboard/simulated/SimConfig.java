package io.switchboard.simulated;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Configuration of the simulated expert ({@code sim.*} properties or {@code SIM_*} environment
 * variables).
 */
@ConfigMapping(prefix = "sim")
public interface SimConfig {

  /** Recorded dataset to answer from, e.g. {@code routerbench_subset}. */
  String dataset();

  /** Model of the dataset whose outcomes are replayed, e.g. {@code gpt-4-1106-preview}. */
  String model();

  /**
   * Model name clients use ({@code /v1/models}, request {@code model}); default: {@link #model()}.
   */
  Optional<String> servedModelName();

  /**
   * Directory of the recorded data; default: {@code SWITCHBOARD_DATA_DIR}, else {@code
   * ../shared/data}.
   */
  Optional<String> dataDir();

  /**
   * GPU the latency model imitates: H100, A100, L40S, L4, A10 (or a {@code nvidia.com/gpu.product}
   * label).
   */
  @WithDefault("H100")
  String gpuType();

  /** Model size override; default: guessed from the model name (unknown hosted models: 70B). */
  OptionalDouble paramsBillions();

  /** Active parameters per token (MoE); default: equal to the total, or known MoE figures. */
  OptionalDouble activeParamsBillions();

  /** GPUs per replica (tensor parallel); default: the fewest that hold the weights. */
  OptionalInt gpus();

  /**
   * Wall-clock seconds per simulated second: 1 = real GPU speed, 0.01 = 100 times faster (tests).
   */
  @WithDefault("1.0")
  double timeScale();

  /**
   * Data-parallel engines in the replica (vLLM's {@code --data-parallel-size}): each batches {@link
   * #maxConcurrency()} sequences of its own, and {@code /metrics} has one series per engine.
   */
  @WithDefault("1")
  int dataParallelSize();

  /** Sequences batched together per engine; more requests queue (vLLM's {@code --max-num-seqs}). */
  @WithDefault("32")
  int maxConcurrency();

  /**
   * Minimum wall-clock milliseconds between decode steps (tokens are emitted in groups when
   * faster).
   */
  @WithDefault("10")
  long stepMillis();

  /**
   * KV-cache capacity in tokens for {@code vllm:gpu_cache_usage_perc}; default: max concurrency ×
   * 4096.
   */
  OptionalLong kvCacheTokens();

  /** Output tokens when the dataset records no response length. */
  @WithDefault("256")
  int defaultOutputTokens();

  /**
   * Evaluation channel: add {@code x-sim-recorded-score}, {@code x-sim-prompt-id} and {@code
   * x-sim-match} response headers. Off by default so that routers under test cannot read the answer
   * quality.
   */
  @WithDefault("false")
  boolean exposeRecordedScore();

  /**
   * AUROC with which the simulated logprob confidence separates correct from wrong recorded
   * answers, in (0.5, 1]; default 0.75, a published figure (see {@code SimulatedConfidence}).
   */
  @WithDefault("0.75")
  double confidenceAuroc();

  /**
   * Probability that the simulated judge's pass/fail verdict agrees with the recorded grade, in
   * (0.5, 1]; default 0.85, GPT-4's agreement with humans on MT-Bench (see {@code SimulatedJudge}).
   */
  @WithDefault("0.85")
  double judgeAgreement();

  /**
   * As the llm mode's router: probability of naming the recorded best-value expert, in [0, 1] (see
   * {@code SimulatedRouter}).
   */
  @WithDefault("0.8")
  double routerAccuracy();

  /**
   * The pool's simulated experts as {@code name=recordedModel,...}, so that router prompts naming
   * experts can be answered from recorded outcomes; default: none.
   */
  Optional<String> poolModels();

  /** Seed of the fault-injection random source. */
  @WithDefault("42")
  long seed();

  FaultsConfig faults();

  interface FaultsConfig {
    @WithDefault("0")
    double errorRate();

    @WithDefault("0")
    long addedLatencyMs();

    @WithDefault("false")
    boolean hang();

    @WithDefault("0")
    double disconnectRate();

    @WithDefault("0")
    long slowStartSeconds();

    @WithDefault("false")
    boolean crash();

    /** Crash faults exit the process; they are refused unless this is true. */
    @WithDefault("false")
    boolean allowCrash();
  }
}
