package io.switchboard.templates;

/**
 * How one replica spreads the model over its GPUs.
 *
 * @param tensor tensor-parallel size (shards every layer)
 * @param data data-parallel size inside the pod (engine-level replicas; with expert parallelism the
 *     attention layers are replicated and the experts sharded across all {@code tensor × data}
 *     GPUs)
 * @param expertParallel shard the experts of a mixture-of-experts model across GPUs instead of
 *     slicing each expert
 * @param pipeline pipeline-parallel size (layers split in stages)
 */
public record Parallelism(int tensor, int data, boolean expertParallel, int pipeline) {

  public static final Parallelism SINGLE_GPU = new Parallelism(1, 1, false, 1);

  public Parallelism {
    if (tensor < 1 || data < 1 || pipeline < 1) {
      throw new IllegalArgumentException(
          "parallel sizes must be >= 1: tensor="
              + tensor
              + " data="
              + data
              + " pipeline="
              + pipeline);
    }
  }

  public static Parallelism tensor(int size) {
    return new Parallelism(size, 1, false, 1);
  }

  /** GPUs one replica needs. */
  public int gpus() {
    return tensor * data * pipeline;
  }

  /**
   * Expert-parallel group size: the experts are sharded across every tensor- and data-parallel
   * rank.
   */
  public int expertParallelSize() {
    return expertParallel ? tensor * data : 1;
  }
}
